// A session: one live MQTT.js client with real state, reconnect with backoff, resubscribe, counters.
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { IClientOptions, IPublishPacket, MqttClient, Packet } from 'mqtt';
import type { Logger } from 'pino';
import { ToolError } from '../errors';
import { forgetSecret, registerSecret } from '../redact';
import type { BrokerAddress } from './connection-string';
import { connectError } from './connect-errors';
import { DuplicateFilter } from './duplicate-filter';
import { InboundMessage } from './inbound-message';
import { TopicInventory } from './topic-inventory';
import { loadMqtt } from './load-mqtt';

/** Live state of a session's connection. */
export type SessionState = 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'closed';

/** TLS material for mqtts/wss connections (PEM text). */
export interface TlsMaterial {
  ca?: string;
  cert?: string;
  key?: string;
  rejectUnauthorized: boolean;
}

/** Everything needed to open a session. */
export interface SessionOptions {
  address: BrokerAddress;
  protocolVersion: 4 | 5;
  clientId?: string;
  keepaliveSeconds: number;
  clean: boolean;
  connectTimeoutMs: number;
  tls?: TlsMaterial;
  /** Saved profile the session was opened from, if any. */
  profile?: string;
  /** Who opened it (console, mcp-http, mcp-stdio, ...). */
  openedBy: string;
  /** Bytes of each payload kept when decoding. */
  previewBytes: number;
  /** Payloads above this size are counted as oversize. */
  maxPayloadBytes: number;
}

/** A period during which the session was not connected. */
export interface Outage {
  fromMs: number;
  toMs?: number;
  reason: string;
}

/** Acknowledgement of a publish as received from the broker. */
export interface PublishAck {
  type: 'none' | 'PUBACK' | 'PUBCOMP';
  reasonCode?: number;
  reason?: string;
  afterMs: number;
}

const BACKOFF_MS = [1000, 2000, 4000, 8000, 15_000, 30_000];
const OUTAGE_HISTORY = 50;
const OFFLINE_AFTER_ATTEMPTS = 4;
const REASONS: Record<number, string> = {
  0: 'success',
  16: 'no matching subscribers',
  128: 'unspecified error',
  131: 'implementation specific error',
  135: 'not authorized',
  144: 'topic name invalid',
  145: 'packet identifier in use',
  151: 'quota exceeded',
  153: 'payload format invalid',
};

type MessageListener = (message: InboundMessage) => void;

/** One broker connection held open across tool calls. */
export class Session extends EventEmitter {
  readonly id = randomUUID();
  readonly createdAtMs = Date.now();
  lastUsedAtMs = this.createdAtMs;
  state: SessionState = 'connecting';
  readonly inventory = new TopicInventory();
  readonly outages: Outage[] = [];
  readonly stats = {
    messagesReceived: 0,
    bytesReceived: 0,
    messagesSent: 0,
    bytesSent: 0,
    oversizePayloads: 0,
    reconnects: 0,
  };
  lastError?: string;
  private client?: MqttClient;
  private readonly subscriptions = new Map<string, { qos: 0 | 1 | 2; refs: number }>();
  private readonly messageListeners = new Set<MessageListener>();
  private readonly acks = new Map<number, { cmd: string; reasonCode?: number }>();
  private readonly duplicates = new DuplicateFilter();
  private attempt = 0;
  private closing = false;

  constructor(
    readonly options: SessionOptions,
    private readonly log: Logger,
  ) {
    super();
    this.setMaxListeners(100);
  }

  /** The broker URL without secrets. */
  get broker(): string {
    return this.options.address.redacted;
  }

  /** The client id actually used. */
  get clientId(): string {
    return this.client?.options.clientId ?? this.options.clientId ?? '';
  }

  /** Filters currently subscribed, with their QoS. */
  get subscribedFilters(): Array<{ filter: string; qos: 0 | 1 | 2 }> {
    return [...this.subscriptions].map(([filter, s]) => ({ filter, qos: s.qos }));
  }

  /** Marks the session as used now (TTL counts from the last use). */
  touch(): void {
    this.lastUsedAtMs = Date.now();
  }

  /** Connects; resolves on CONNACK, rejects with a mapped ToolError (the client is then ended). */
  async open(): Promise<void> {
    const { address, tls } = this.options;
    registerSecret(address.password);
    const mqtt = await loadMqtt();
    const opts: IClientOptions = {
      protocol: address.scheme,
      host: address.host,
      port: address.port,
      path: address.path,
      username: address.username,
      password: address.password,
      clientId: this.options.clientId ?? `mqtt-mcp-${this.id.slice(0, 8)}`,
      protocolVersion: this.options.protocolVersion,
      keepalive: this.options.keepaliveSeconds,
      clean: this.options.clean,
      connectTimeout: this.options.connectTimeoutMs,
      reconnectPeriod: 0,
      resubscribe: false,
      ...(tls ? { ca: tls.ca, cert: tls.cert, key: tls.key } : {}),
      rejectUnauthorized: tls?.rejectUnauthorized ?? true,
    };
    const client = mqtt.connect(opts);
    this.client = client;
    try {
      await this.awaitFirstConnect(client);
    } catch (err) {
      this.state = 'closed';
      client.removeAllListeners();
      client.on('error', () => undefined);
      client.end(true);
      forgetSecret(address.password);
      throw err;
    }
    this.wire(client);
    this.state = 'connected';
    client.options.reconnectPeriod = BACKOFF_MS[0];
  }

  private awaitFirstConnect(client: MqttClient): Promise<void> {
    const broker = this.broker;
    const version = this.options.protocolVersion;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        done();
        reject(
          new ToolError(
            'TIMEOUT',
            `${broker} did not answer CONNECT within ${this.options.connectTimeoutMs / 1000} s; the port may not be an MQTT broker, or the network drops packets`,
          ),
        );
      }, this.options.connectTimeoutMs);
      const onConnect = () => {
        done();
        this.setNoDelay(client);
        resolve();
      };
      const onError = (err: Error) => {
        done();
        reject(connectError(err, broker, version));
      };
      const onClose = () => {
        done();
        reject(
          new ToolError(
            'CONNECTION_FAILED',
            `${broker} closed the connection before CONNACK; is this an MQTT port, and does it expect TLS or WebSockets?`,
          ),
        );
      };
      const done = () => {
        clearTimeout(timer);
        client.off('connect', onConnect);
        client.off('error', onError);
        client.off('close', onClose);
      };
      client.once('connect', onConnect);
      client.once('error', onError);
      client.once('close', onClose);
    });
  }

  private setNoDelay(client: MqttClient): void {
    const stream = client.stream as { setNoDelay?: (v: boolean) => void } | undefined;
    stream?.setNoDelay?.(true);
  }

  private wire(client: MqttClient): void {
    client.on('connect', () => {
      this.setNoDelay(client);
      const outage = this.outages.at(-1);
      if (outage && outage.toMs === undefined) outage.toMs = Date.now();
      this.attempt = 0;
      client.options.reconnectPeriod = BACKOFF_MS[0];
      this.state = 'connected';
      this.stats.reconnects++;
      this.log.info({ session: this.id, broker: this.broker }, 'session reconnected');
      void this.resubscribe();
      this.emit('state', this.state);
    });
    client.on('close', () => {
      if (this.closing) return;
      if (this.state === 'connected') {
        this.outages.push({ fromMs: Date.now(), reason: this.lastError ?? 'connection closed' });
        if (this.outages.length > OUTAGE_HISTORY) this.outages.shift();
      }
      // Exponential backoff: MQTT.js reads reconnectPeriod when it schedules the next attempt.
      client.options.reconnectPeriod = BACKOFF_MS[Math.min(this.attempt, BACKOFF_MS.length - 1)];
      this.attempt++;
      // After a few failed attempts (about 15 s) the broker counts as offline; retries go on.
      this.state = this.attempt > OFFLINE_AFTER_ATTEMPTS ? 'offline' : 'reconnecting';
      this.emit('state', this.state);
    });
    client.on('error', (err) => {
      this.lastError = connectError(err, this.broker, this.options.protocolVersion).message;
      this.log.warn({ session: this.id, err: this.lastError }, 'session error');
    });
    client.on('packetreceive', (packet: Packet) => {
      if (packet.cmd === 'puback' || packet.cmd === 'pubcomp' || packet.cmd === 'pubrec') {
        const id = packet.messageId;
        if (id !== undefined) this.acks.set(id, { cmd: packet.cmd, reasonCode: packet.reasonCode });
      }
    });
    client.on('message', (topic, payload, packet) => this.dispatch(topic, payload, packet));
  }

  private dispatch(topic: string, payload: Buffer, packet: IPublishPacket): void {
    const ids = packet.properties?.subscriptionIdentifier;
    if (!this.duplicates.accept(topic, payload, packet.retain, ids)) return;
    const now = Date.now();
    this.stats.messagesReceived++;
    this.stats.bytesReceived += payload.length;
    if (payload.length > this.options.maxPayloadBytes) this.stats.oversizePayloads++;
    const message = new InboundMessage(
      topic,
      payload,
      packet.qos,
      packet.retain,
      now,
      this.options.previewBytes,
      packet.properties,
    );
    this.inventory.record(topic, payload.length, packet.retain, message.decoded.payload_format, now);
    for (const listener of this.messageListeners) listener(message);
  }

  private async resubscribe(): Promise<void> {
    const client = this.client;
    if (!client || this.subscriptions.size === 0) return;
    try {
      for (const [filter, s] of this.subscriptions) {
        await client.subscribeAsync(filter, this.subscribeOptions(filter, s.qos));
      }
      this.emit('resubscribed');
    } catch (err) {
      this.lastError = `resubscribe failed: ${(err as Error).message}`;
      this.log.warn({ session: this.id, err: this.lastError }, 'resubscribe failed');
    }
  }

  /** Throws NOT_CONNECTED unless the session is connected. */
  requireConnected(): MqttClient {
    if (this.state !== 'connected' || !this.client) {
      throw new ToolError(
        'NOT_CONNECTED',
        `session ${this.id} is ${this.state} to ${this.broker}${this.lastError ? ` (last error: ${this.lastError})` : ''}; retry in a few seconds or call mqtt_test_connection`,
        { session_id: this.id, state: this.state },
      );
    }
    return this.client;
  }

  /** Adds a message listener; returns a function that removes it. */
  onMessage(listener: MessageListener): () => void {
    this.messageListeners.add(listener);
    return () => this.messageListeners.delete(listener);
  }

  private subscribeOptions(filter: string, qos: 0 | 1 | 2) {
    return this.options.protocolVersion === 5
      ? { qos, properties: { subscriptionIdentifier: this.duplicates.idFor(filter) } }
      : { qos };
  }

  /**
   * Subscribes (reference counted). SUBSCRIBE is sent even when the filter is already held, so the
   * broker replays retained messages for the new listener. Resolves with the granted QoS.
   */
  async subscribe(filter: string, qos: 0 | 1 | 2): Promise<number> {
    const existing = this.subscriptions.get(filter);
    const client = this.requireConnected();
    const wanted = Math.max(qos, existing?.qos ?? 0) as 0 | 1 | 2;
    this.duplicates.idFor(filter);
    let granted: Array<{ topic: string; qos: number }>;
    try {
      granted = await client.subscribeAsync(filter, this.subscribeOptions(filter, wanted));
    } catch (err) {
      const code = (err as { code?: number }).code;
      throw new ToolError(
        'BROKER_REJECTED',
        `${this.broker} refused the subscription to "${filter}"${code !== undefined ? ` (SUBACK reason code ${code})` : ''}; the broker's ACL may forbid this filter`,
        { reason_code: code, filter },
      );
    }
    const grantedQos = granted[0]?.qos ?? qos;
    if (grantedQos >= 0x80) {
      throw new ToolError(
        'BROKER_REJECTED',
        `${this.broker} refused the subscription to "${filter}" (SUBACK reason code ${grantedQos}); the broker's ACL may forbid this filter`,
        { reason_code: grantedQos, filter },
      );
    }
    this.subscriptions.set(filter, { qos: wanted, refs: (existing?.refs ?? 0) + 1 });
    return grantedQos;
  }

  /** Drops one reference; unsubscribes from the broker when none is left. */
  async unsubscribe(filter: string): Promise<void> {
    const existing = this.subscriptions.get(filter);
    if (!existing) return;
    existing.refs--;
    if (existing.refs > 0) return;
    this.subscriptions.delete(filter);
    this.duplicates.forget(filter);
    if (this.state === 'connected' && this.client) {
      await this.client.unsubscribeAsync(filter).catch(() => undefined);
    }
  }

  /** Publishes and waits for the acknowledgement the QoS calls for, within `timeoutMs`. */
  async publish(
    topic: string,
    payload: Buffer,
    opts: { qos: 0 | 1 | 2; retain: boolean; properties?: IPublishPacket['properties'] },
    timeoutMs: number,
  ): Promise<PublishAck> {
    const client = this.requireConnected();
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new ToolError(
              'TIMEOUT',
              `no ${opts.qos === 1 ? 'PUBACK' : 'PUBCOMP'} from ${this.broker} within ${timeoutMs / 1000} s for the publish to "${topic}"`,
            ),
          ),
        timeoutMs,
      );
    });
    try {
      const packet = (await Promise.race([
        client.publishAsync(topic, payload, opts),
        timeout,
      ])) as IPublishPacket | undefined;
      this.stats.messagesSent++;
      this.stats.bytesSent += payload.length;
      const afterMs = performance.now() - started;
      if (opts.qos === 0) return { type: 'none', afterMs };
      const ack = packet?.messageId !== undefined ? this.acks.get(packet.messageId) : undefined;
      if (packet?.messageId !== undefined) this.acks.delete(packet.messageId);
      const reasonCode = ack?.reasonCode ?? 0;
      return {
        type: opts.qos === 1 ? 'PUBACK' : 'PUBCOMP',
        reasonCode,
        reason: REASONS[reasonCode] ?? `reason code ${reasonCode}`,
        afterMs,
      };
    } catch (err) {
      if (err instanceof ToolError) throw err;
      const code = (err as { code?: number }).code;
      throw new ToolError(
        'BROKER_REJECTED',
        `${this.broker} rejected the publish to "${topic}": ${(err as Error).message}`,
        { reason_code: code },
      );
    } finally {
      clearTimeout(timer);
    }
  }

  /** Outages that overlap [fromMs, now]. */
  outagesSince(fromMs: number): Outage[] {
    return this.outages.filter((o) => (o.toMs ?? Infinity) >= fromMs);
  }

  /** Disconnects cleanly (DISCONNECT, then socket close) and frees everything. */
  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.closing = true;
    this.state = 'closed';
    this.messageListeners.clear();
    this.subscriptions.clear();
    forgetSecret(this.options.address.password);
    const client = this.client;
    if (client) {
      client.on('error', () => undefined);
      await Promise.race([
        client.endAsync(false).catch(() => undefined),
        new Promise((r) => setTimeout(r, 2000)),
      ]);
      client.end(true);
      client.removeAllListeners();
    }
    this.emit('state', this.state);
    this.emit('closed');
  }
}
