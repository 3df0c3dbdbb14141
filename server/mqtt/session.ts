// A session: one live MQTT.js client with real state, reconnect with backoff, resubscribe, counters.
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { IClientOptions, IConnackPacket, IPublishPacket, MqttClient, Packet } from 'mqtt';
import type { Logger } from 'pino';
import { ToolError } from '../errors';
import { forgetSecret, registerSecret } from '../redact';
import type { BrokerAddress } from './connection-string';
import { addressOptions } from './client-options';
import { connectError } from './connect-errors';
import { DuplicateFilter } from './duplicate-filter';
import { InboundMessage } from './inbound-message';
import { TopicInventory } from './topic-inventory';
import { loadMqtt } from './load-mqtt';
import { withTimeout } from './sleep';
import { tapFilters } from './tap-filters';
import { topicMatches } from './topics';

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
  /** Topics this session may read (the read allow-list); other deliveries are dropped unseen. */
  readable?: (topic: string) => boolean;
  /** Aborts a pending connect (the caller cancelled); ignored once connected. */
  signal?: AbortSignal;
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
// Hardening: a connection that lived shorter than this does not reset the backoff, so a broker
// that accepts CONNECT and drops us at once (duplicate client id, ACL) is retried at 1, 2, 4 ... s,
// not every second forever.
const STABLE_CONNECTION_MS = 10_000;
// Hardening: the longest an UNSUBSCRIBE waits for UNSUBACK, so a stalled broker cannot hold a
// timed tool past its window (the broker forgets the filter anyway when the connection drops).
const UNSUBSCRIBE_WAIT_MS = 500;
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

/** A tap (see Session.tap): its pattern, the filters it holds and how its copies are told apart. */
interface TapState {
  pattern: string;
  filters: string[];
  /** Own subscriptions, retain-as-published, told apart by subscription identifier (MQTT 5). */
  exclusive: boolean;
  /** Subscription identifiers of the tap's filters (exclusive mode). */
  ids: Set<number>;
  listener: MessageListener;
}

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
  /** Set when the protocol was negotiated (`auto`) and the broker refused MQTT 5. */
  protocolNote?: string;
  private client?: MqttClient;
  private readonly subscriptions = new Map<string, { qos: 0 | 1 | 2; refs: number }>();
  private readonly messageListeners = new Set<MessageListener>();
  private tapState?: TapState;
  /** Whether the broker's CONNACK allows subscription identifiers (MQTT 5; absent means yes). */
  private subscriptionIdsAvailable = false;
  private readonly acks = new Map<number, { cmd: string; reasonCode?: number }>();
  private readonly duplicates = new DuplicateFilter();
  /** SUBSCRIBEs in flight per filter (see subscribe()). */
  private readonly pendingSubscribes = new Map<string, number>();
  private attempt = 0;
  private closing = false;
  /** When the current connection got its CONNACK (for the backoff reset rule). */
  private connectedAtMs = 0;
  /** Whether an error was reported since the last CONNACK (else a close is the broker's doing). */
  private errorSinceConnect = false;

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
    // Hardening: the connect timeout counts from here, so loading MQTT.js and its transports in a
    // cold process (about 1 s, first call only) is inside it instead of added on top.
    const startedAtMs = Date.now();
    const leftMs = () => Math.max(1, this.options.connectTimeoutMs - (Date.now() - startedAtMs));
    registerSecret(address.password);
    const mqtt = await loadMqtt();
    const opts: IClientOptions = {
      ...addressOptions(address),
      clientId: this.options.clientId ?? `mqtt-mcp-${this.id.slice(0, 8)}`,
      protocolVersion: this.options.protocolVersion,
      keepalive: this.options.keepaliveSeconds,
      clean: this.options.clean,
      connectTimeout: leftMs(),
      ...(tls ? { ca: tls.ca, cert: tls.cert, key: tls.key } : {}),
      rejectUnauthorized: tls?.rejectUnauthorized ?? true,
    };
    let client: MqttClient;
    try {
      client = mqtt.connect(opts);
    } catch (err) {
      // Security fix (test/security/fuzz.int.test.ts): Node builds the TLS context synchronously
      // inside mqtt.connect, so a tls_cert/tls_key that is not PEM threw out of here and the tool
      // answered INTERNAL; it is the caller's input, reported as INVALID_INPUT before any I/O.
      this.state = 'closed';
      forgetSecret(address.password);
      throw new ToolError(
        'INVALID_INPUT',
        `tls_cert / tls_key: the TLS material could not be loaded (${(err as Error).message}); give PEM text (-----BEGIN ...-----)`,
        { argument: 'tls_cert' },
      );
    }
    this.client = client;
    try {
      await this.awaitFirstConnect(client, leftMs());
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
    this.connectedAtMs = Date.now();
    this.errorSinceConnect = false;
    client.options.reconnectPeriod = BACKOFF_MS[0];
    client.options.connectTimeout = this.options.connectTimeoutMs;
  }

  private awaitFirstConnect(client: MqttClient, timeoutMs: number): Promise<void> {
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
      }, timeoutMs);
      const onConnect = (connack: IConnackPacket) => {
        done();
        this.setNoDelay(client);
        this.subscriptionIdsAvailable =
          version === 5 && connack.properties?.subscriptionIdentifiersAvailable !== false;
        resolve();
      };
      const onError = (err: Error) => {
        done();
        reject(connectError(err, broker, version, this.options.connectTimeoutMs));
      };
      const onClose = () => {
        done();
        reject(
          new ToolError(
            'CONNECTION_FAILED',
            `${broker} closed the connection before CONNACK; is this an MQTT port, and does it expect TLS or WebSockets?`,
            { closed_before_connack: true },
          ),
        );
      };
      const signal = this.options.signal;
      const onAbort = () => {
        done();
        reject(
          new ToolError(
            'CONNECTION_FAILED',
            `connecting to ${broker} was cancelled by the caller`,
            {
              cancelled: true,
            },
          ),
        );
      };
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        client.off('connect', onConnect);
        client.off('error', onError);
        client.off('close', onClose);
      };
      client.once('connect', onConnect);
      client.once('error', onError);
      client.once('close', onClose);
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
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
      // The backoff is reset in the close handler, once this connection has proven stable.
      this.connectedAtMs = Date.now();
      this.errorSinceConnect = false;
      this.state = 'connected';
      this.stats.reconnects++;
      this.log.info({ session: this.id, broker: this.broker }, 'session reconnected');
      void this.resubscribe();
      this.emit('state', this.state);
    });
    // Hardening: prepended so it runs before MQTT.js's own close handler, which schedules the next
    // attempt with the reconnectPeriod it reads at that moment (appended, the backoff lagged one step).
    client.prependListener('close', () => {
      if (this.closing) return;
      if (this.state === 'connected') {
        const livedMs = Date.now() - this.connectedAtMs;
        if (livedMs >= STABLE_CONNECTION_MS) this.attempt = 0;
        // Hardening: a close with no error since CONNACK was the broker's (or the network's) doing;
        // say so instead of leaving no reason (or a stale one from an earlier outage).
        if (!this.errorSinceConnect) {
          this.lastError =
            livedMs < 2000
              ? `${this.broker} closed the connection ${livedMs} ms after accepting it; another client with the same client id may be taking the session over, or the broker rejects this client`
              : `${this.broker} closed the connection`;
        }
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
      this.errorSinceConnect = true;
      this.lastError = connectError(
        err,
        this.broker,
        this.options.protocolVersion,
        this.options.connectTimeoutMs,
      ).message;
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
    if (this.options.readable?.(topic) === false) return;
    const ids = packet.properties?.subscriptionIdentifier;
    const tap = this.tapState;
    if (tap?.exclusive && ids !== undefined) {
      this.dispatchTapped(tap, topic, payload, packet, Array.isArray(ids) ? ids : [ids]);
      return;
    }
    if (!this.duplicates.accept(topic, payload, packet.retain, ids)) return;
    const message = this.received(topic, payload, packet, true);
    for (const listener of this.messageListeners) listener(message);
    if (tap && topicMatches(tap.pattern, topic)) tap.listener(message);
  }

  /**
   * MQTT 5 with an exclusive tap: a copy tagged with the tap's identifier goes to the tap only
   * (its retain flag as published); other copies go to the other listeners as without a tap, and
   * are counted only when the tap does not see their topic.
   */
  private dispatchTapped(
    tap: TapState,
    topic: string,
    payload: Buffer,
    packet: IPublishPacket,
    ids: number[],
  ): void {
    const others = ids.filter((id) => !this.duplicates.isTapped(id));
    if (ids.some((id) => tap.ids.has(id)))
      tap.listener(this.received(topic, payload, packet, true));
    if (others.length === 0 || !this.duplicates.accept(topic, payload, packet.retain, others))
      return;
    const message = this.received(topic, payload, packet, !topicMatches(tap.pattern, topic));
    for (const listener of this.messageListeners) listener(message);
  }

  /** The message object of a delivery, counted in the stats and inventory when `count`. */
  private received(
    topic: string,
    payload: Buffer,
    packet: IPublishPacket,
    count: boolean,
  ): InboundMessage {
    const now = Date.now();
    const message = new InboundMessage(
      topic,
      payload,
      packet.qos,
      packet.retain,
      now,
      this.options.previewBytes,
      packet.properties,
    );
    if (count) {
      this.stats.messagesReceived++;
      this.stats.bytesReceived += payload.length;
      if (payload.length > this.options.maxPayloadBytes) this.stats.oversizePayloads++;
      this.inventory.record(topic, payload.length, packet.retain, message.format, now);
    }
    return message;
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
    if (this.options.protocolVersion !== 5) return { qos };
    const rap = this.tapState?.exclusive === true && this.tapState.filters.includes(filter);
    return {
      qos,
      ...(rap ? { rap: true } : {}),
      properties: { subscriptionIdentifier: this.duplicates.idFor(filter) },
    };
  }

  /**
   * Taps every message under `pattern` for one listener (a recorder), resolving once subscribed;
   * the returned function releases the tap. With MQTT 5 and subscription identifiers the tap holds
   * subscriptions of its own (an equivalent filter, e.g. `+/#` for `#`) with retain-as-published:
   * their copies reach the tap only, so it sees a live retained publish as retained, and the other
   * listeners get exactly what they would without it. Otherwise the tap holds `pattern` like any
   * subscriber and sees the session's deduplicated stream (retained means replayed). One per session.
   * `retainAsPublished` says which of the two it got.
   */
  async tap(
    pattern: string,
    listener: MessageListener,
    qos: 0 | 1 | 2 = 0,
  ): Promise<{ release: () => Promise<void>; retainAsPublished: boolean }> {
    if (this.tapState) {
      throw new ToolError('INVALID_INPUT', `session ${this.id} is already tapped (recorded)`, {
        session_id: this.id,
      });
    }
    const exclusive = this.subscriptionIdsAvailable;
    const tap: TapState = {
      pattern,
      filters: exclusive ? tapFilters(pattern) : [pattern],
      exclusive,
      ids: new Set(),
      listener,
    };
    this.tapState = tap;
    const held: string[] = [];
    const release = async () => {
      if (this.tapState === tap) this.tapState = undefined;
      for (const filter of held.splice(0)) {
        this.duplicates.setTapped(filter, false);
        await this.unsubscribe(filter);
      }
    };
    try {
      for (const filter of tap.filters) {
        // Marked before SUBSCRIBE: the retained replay can arrive in the same read as the SUBACK.
        if (exclusive) tap.ids.add(this.duplicates.idFor(filter));
        this.markTapped(filter, (this.subscriptions.get(filter)?.refs ?? 0) + 1);
        await this.subscribe(filter, qos);
        held.push(filter);
        this.markTapped(filter);
      }
    } catch (err) {
      await release();
      throw err;
    }
    return { release, retainAsPublished: exclusive };
  }

  /** Keeps a tap filter's copies for the tap alone while nobody else holds the same filter. */
  private markTapped(filter: string, refs = this.subscriptions.get(filter)?.refs ?? 0): void {
    const tap = this.tapState;
    if (!tap?.exclusive || !tap.filters.includes(filter)) return;
    this.duplicates.setTapped(filter, refs <= 1);
  }

  /**
   * Subscribes (reference counted). SUBSCRIBE is sent even when the filter is already held, so the
   * broker replays retained messages for the new listener. Resolves with the granted QoS. Waits at
   * most `timeoutMs` (default: the connect timeout) for SUBACK, then fails with TIMEOUT.
   */
  async subscribe(
    filter: string,
    qos: 0 | 1 | 2,
    timeoutMs = this.options.connectTimeoutMs,
  ): Promise<number> {
    this.pendingSubscribes.set(filter, (this.pendingSubscribes.get(filter) ?? 0) + 1);
    try {
      return await this.sendSubscribe(filter, qos, timeoutMs);
    } finally {
      const left = (this.pendingSubscribes.get(filter) ?? 1) - 1;
      if (left > 0) this.pendingSubscribes.set(filter, left);
      else this.pendingSubscribes.delete(filter);
      // Hardening: a SUBSCRIBE that failed (refused, no SUBACK, connection lost) must not leave its
      // MQTT 5 subscription identifier behind: the duplicate filter would take the phantom filter
      // for the lowest match and drop the copies other subscriptions deliver on its topics.
      if (left === 0 && !this.subscriptions.has(filter)) this.duplicates.forget(filter);
    }
  }

  private async sendSubscribe(filter: string, qos: 0 | 1 | 2, timeoutMs: number): Promise<number> {
    const existing = this.subscriptions.get(filter);
    const client = this.requireConnected();
    const wanted = Math.max(qos, existing?.qos ?? 0) as 0 | 1 | 2;
    this.duplicates.idFor(filter);
    const pending = client.subscribeAsync(filter, this.subscribeOptions(filter, wanted));
    // Hardening: a broker that never answers SUBSCRIBE must not hang the caller (a timed tool would
    // otherwise never return). A SUBACK arriving later is undone unless someone holds the filter.
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), Math.max(1, timeoutMs));
    });
    let granted: Array<{ topic: string; qos: number }>;
    try {
      const first = await Promise.race([pending, timedOut]);
      if (first === 'timeout') {
        pending.then(
          () => {
            if (!this.subscriptions.has(filter) && this.state === 'connected') {
              this.client?.unsubscribeAsync(filter).catch(() => undefined);
            }
          },
          () => undefined,
        );
        throw new ToolError(
          'TIMEOUT',
          `${this.broker} did not acknowledge the subscription to "${filter}" within ${Math.round(timeoutMs / 100) / 10} s (no SUBACK); the broker may be overloaded or the connection half-open; retry, or call mqtt_test_connection`,
          { filter },
        );
      }
      granted = first;
    } catch (err) {
      if (err instanceof ToolError) throw err;
      // Hardening: MQTT.js rejects with ErrorWithSubackPacket, whose reason codes are in
      // packet.granted (err.code is unset), or with "Connection closed" when the link dropped
      // before SUBACK: that is not a refusal by the broker.
      const suback = (err as { packet?: { granted?: unknown } }).packet;
      const codes = Array.isArray(suback?.granted) ? (suback.granted as unknown[]) : [];
      const code =
        (err as { code?: number }).code ??
        codes.find((c): c is number => typeof c === 'number' && c >= 0x80);
      if (code === undefined && !suback) {
        throw new ToolError(
          'NOT_CONNECTED',
          `the connection to ${this.broker} was lost before the broker acknowledged the subscription to "${filter}" (${(err as Error).message}); the session reconnects on its own: retry in a few seconds or call mqtt_list_active_connections`,
          { session_id: this.id, state: this.state, filter },
        );
      }
      throw new ToolError(
        'BROKER_REJECTED',
        `${this.broker} refused the subscription to "${filter}"${code !== undefined ? ` (SUBACK reason code ${code}${REASONS[code] ? `: ${REASONS[code]}` : ''})` : ''}; the broker's ACL may forbid this filter`,
        { reason_code: code, filter },
      );
    } finally {
      clearTimeout(timer);
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
    this.markTapped(filter);
    return grantedQos;
  }

  /** Drops one reference; unsubscribes from the broker when none is left. */
  async unsubscribe(filter: string): Promise<void> {
    const existing = this.subscriptions.get(filter);
    if (!existing) return;
    existing.refs--;
    this.markTapped(filter);
    if (existing.refs > 0) return;
    this.subscriptions.delete(filter);
    this.duplicates.forget(filter);
    if (this.state === 'connected' && this.client) {
      // Hardening: bounded, so a broker that never sends UNSUBACK cannot hold the caller.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        this.client.unsubscribeAsync(filter).catch(() => undefined),
        new Promise((resolve) => {
          timer = setTimeout(resolve, UNSUBSCRIBE_WAIT_MS);
        }),
      ]);
      clearTimeout(timer);
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
    try {
      const packet = (await withTimeout(
        client.publishAsync(topic, payload, opts),
        timeoutMs,
        () =>
          new ToolError(
            'TIMEOUT',
            // Clarity fix (test/security/fuzz.int.test.ts): QoS 0 has no acknowledgement to wait for.
            opts.qos === 0
              ? `the publish to "${topic}" could not be written to ${this.broker} within ${timeoutMs / 1000} s`
              : `no ${opts.qos === 1 ? 'PUBACK' : 'PUBCOMP'} from ${this.broker} within ${timeoutMs / 1000} s for the publish to "${topic}"`,
          ),
      )) as IPublishPacket | undefined;
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
    this.tapState = undefined;
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
    // A tool whose window the close just ended still reads the inventory when it resumes (in
    // this turn); the topic names go back to the shared table after that.
    setImmediate(() => this.inventory.release());
  }
}
