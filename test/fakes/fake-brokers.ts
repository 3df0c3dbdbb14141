// Misbehaving MQTT brokers for fault tests: tiny loopback TCP servers built on net and mqtt-packet.
import { createServer, type Server, type Socket } from 'node:net';
import mqttPacket, { type IConnectPacket, type Packet } from 'mqtt-packet';

/** How a fake broker misbehaves. */
export type FakeBrokerKind =
  /** Accepts TCP and never answers anything (not even CONNACK). */
  | 'silent'
  /** Answers CONNACK (success), then destroys the socket, on every connection. */
  | 'drop-after-connack'
  /** Answers CONNACK and refuses every subscription in SUBACK (0x80 on 3.1.1, 0x87 on MQTT 5). */
  | 'refuse-subscribe'
  /** Answers CONNACK and PINGRESP but never SUBACK or UNSUBACK (a broker that hangs mid-session). */
  | 'ignore-subscribe'
  /** Grants every subscription (SUBACK) but never answers UNSUBSCRIBE. */
  | 'ignore-unsubscribe'
  /** A 3.1.1-only broker: answers an MQTT 5 CONNECT with CONNACK 0x84 (unsupported protocol version). */
  | 'refuse-mqtt5'
  /** A 3.1.1-only broker that hangs up on an MQTT 5 CONNECT without any CONNACK. */
  | 'close-on-mqtt5';

/** Options of a fake broker. */
export interface FakeBrokerOptions {
  /** For `drop-after-connack`: delay between CONNACK and closing the socket, in ms (default 0). */
  dropAfterMs?: number;
}

/** A running fake broker on 127.0.0.1. */
export interface FakeBroker {
  kind: FakeBrokerKind;
  host: '127.0.0.1';
  port: number;
  url: string;
  /** TCP connections accepted so far. */
  connections(): number;
  /** CONNECT packets received so far. */
  connects(): number;
  /** The protocol version of each CONNECT received, in order. */
  connectVersions(): number[];
  /** SUBSCRIBE packets received so far. */
  subscribes(): number;
  /** Stops listening and destroys every open socket. */
  close(): Promise<void>;
}

/** SUBACK failure code for "not authorized" (MQTT 5) or the generic failure (3.1.1). */
export function refusalCode(protocolVersion: number): number {
  return protocolVersion === 5 ? 0x87 : 0x80;
}

/** Starts a fake broker of the given kind on a free loopback port. */
export async function startFakeBroker(
  kind: FakeBrokerKind,
  opts: FakeBrokerOptions = {},
): Promise<FakeBroker> {
  const sockets = new Set<Socket>();
  let connections = 0;
  let connects = 0;
  let subscribes = 0;
  const versions: number[] = [];

  const handle = (socket: Socket): void => {
    connections++;
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('error', () => undefined);
    socket.once('close', () => sockets.delete(socket));
    if (kind === 'silent') {
      // Read and discard: the client's CONNECT is never answered.
      socket.on('data', () => undefined);
      return;
    }
    let protocolVersion = 4;
    const parser = mqttPacket.parser({ protocolVersion: 5 });
    const send = (packet: Packet, then?: () => void): void => {
      if (socket.destroyed) return;
      socket.write(mqttPacket.generate(packet, { protocolVersion }), then);
    };
    parser.on('error', () => socket.destroy());
    parser.on('packet', (packet: Packet) => {
      if (packet.cmd === 'connect') {
        connects++;
        protocolVersion = (packet as IConnectPacket).protocolVersion ?? 4;
        versions.push(protocolVersion);
        if (protocolVersion === 5 && kind === 'close-on-mqtt5') {
          socket.destroy();
          return;
        }
        if (protocolVersion === 5 && kind === 'refuse-mqtt5') {
          send({ cmd: 'connack', sessionPresent: false, reasonCode: 0x84 }, () => socket.end());
          return;
        }
        const connack: Packet =
          protocolVersion === 5
            ? { cmd: 'connack', sessionPresent: false, reasonCode: 0 }
            : { cmd: 'connack', sessionPresent: false, returnCode: 0 };
        send(connack, () => {
          if (kind !== 'drop-after-connack') return;
          const drop = (): void => void socket.destroy();
          if (opts.dropAfterMs) setTimeout(drop, opts.dropAfterMs).unref();
          else drop();
        });
        return;
      }
      if (packet.cmd === 'pingreq') {
        send({ cmd: 'pingresp' });
        return;
      }
      if (packet.cmd === 'disconnect') {
        socket.end();
        return;
      }
      if (packet.cmd === 'subscribe') {
        subscribes++;
        if (kind === 'ignore-subscribe') return;
        const code = refusalCode(protocolVersion);
        send({
          cmd: 'suback',
          messageId: packet.messageId,
          granted: packet.subscriptions.map((sub) =>
            kind === 'refuse-subscribe' ? code : sub.qos,
          ),
        });
        return;
      }
      if (packet.cmd === 'unsubscribe' && kind === 'refuse-subscribe') {
        send({
          cmd: 'unsuback',
          messageId: packet.messageId,
          ...(protocolVersion === 5 ? { granted: packet.unsubscriptions.map(() => 0x11) } : {}),
        } as Packet);
      }
    });
    // The parser switches to the protocol version it reads from CONNECT.
    socket.on('data', (chunk: Buffer) => void parser.parse(chunk));
  };

  const server: Server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1' }, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    kind,
    host: '127.0.0.1',
    port,
    url: `mqtt://127.0.0.1:${port}`,
    connections: () => connections,
    connects: () => connects,
    connectVersions: () => [...versions],
    subscribes: () => subscribes,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        sockets.clear();
        server.close(() => resolve());
      }),
  };
}
