// A temporary MQTT.js client for a connection test: connect once, time TCP, TLS and CONNACK, close.
import { randomBytes } from 'node:crypto';
import type { IClientOptions, MqttClient } from 'mqtt';
import { addressOptions } from '../mqtt/client-options';
import { classifyConnectFailure, type ConnectOutcome } from '../analysis/connection-verdict';
import { connectError } from '../mqtt/connect-errors';
import { usesTls, type BrokerAddress } from '../mqtt/connection-string';
import { loadMqtt } from '../mqtt/load-mqtt';
import { sleep } from '../mqtt/sleep';

const CLOSE_WAIT_MS = 1000;

/** How a raw connect went, with its timings (ms, monotonic). */
export interface RawConnect {
  outcome: ConnectOutcome;
  error?: string;
  reasonCode?: number;
  tcpMs: number | null;
  tlsMs: number | null;
  connackMs: number | null;
  totalMs: number | null;
  client?: MqttClient;
}

/** Settings of a raw connect: protocol, TLS trust and the time allowed for CONNACK. */
export interface RawConnectOptions {
  protocolVersion: 4 | 5;
  ca?: string;
  rejectUnauthorized: boolean;
  timeoutMs: number;
}

/** Opens a temporary client and times TCP, TLS and CONNACK; never throws. */
export async function connectRaw(
  address: BrokerAddress,
  opts: RawConnectOptions,
): Promise<RawConnect> {
  const mqtt = await loadMqtt();
  const tls = usesTls(address);
  const options: IClientOptions = {
    ...addressOptions(address),
    clientId: `mqtt-mcp-test-${randomBytes(4).toString('hex')}`,
    protocolVersion: opts.protocolVersion,
    clean: true,
    keepalive: 30,
    connectTimeout: opts.timeoutMs + 1000,
    ...(tls ? { ca: opts.ca, rejectUnauthorized: opts.rejectUnauthorized } : {}),
  };
  const client = mqtt.connect(options);
  const t0 = performance.now();
  let tcpAt: number | undefined;
  let tlsAt: number | undefined;
  const stream = client.stream as
    (NodeJS.EventEmitter & { setNoDelay?: (v: boolean) => void }) | undefined;
  stream?.once('connect', () => {
    tcpAt = performance.now();
    stream.setNoDelay?.(true);
  });
  stream?.once('secureConnect', () => {
    tlsAt = performance.now();
  });
  const result = await new Promise<RawConnect>((resolve) => {
    let settled = false;
    const timings = (connackAt?: number): Omit<RawConnect, 'outcome'> => {
      const ready = tlsAt ?? tcpAt;
      return {
        tcpMs: tcpAt === undefined ? null : tcpAt - t0,
        tlsMs: tlsAt === undefined || tcpAt === undefined ? null : tlsAt - tcpAt,
        connackMs: connackAt === undefined || ready === undefined ? null : connackAt - ready,
        totalMs: connackAt === undefined ? null : connackAt - t0,
      };
    };
    const settle = (value: RawConnect) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(value);
    };
    const timer = setTimeout(
      () =>
        settle({
          outcome: 'timeout',
          error: `${address.redacted} did not answer CONNECT within ${opts.timeoutMs / 1000} s; the port may not be an MQTT broker, or the network drops packets`,
          ...timings(),
        }),
      opts.timeoutMs,
    );
    client.once('connect', () =>
      settle({ outcome: 'connected', client, ...timings(performance.now()) }),
    );
    client.on('error', (err) => {
      const mapped = connectError(err, address.redacted, opts.protocolVersion);
      const cause = (err as { code?: unknown }).code;
      settle({
        outcome: classifyConnectFailure(mapped.code, cause, err.message),
        error: mapped.message,
        reasonCode: typeof cause === 'number' ? cause : undefined,
        ...timings(),
      });
    });
    client.once('close', () =>
      setImmediate(() =>
        settle({
          outcome: 'closed',
          error: `${address.redacted} closed the connection before CONNACK; is this an MQTT port, and does it expect TLS or WebSockets?`,
          ...timings(),
        }),
      ),
    );
  });
  if (result.outcome !== 'connected') client.end(true);
  return result;
}

/** Closes a temporary client: a clean DISCONNECT if it goes out within a second, then forced. */
export async function closeClient(client: MqttClient): Promise<void> {
  await Promise.race([client.endAsync(false).catch(() => undefined), sleep(CLOSE_WAIT_MS)]);
  client.end(true);
}
