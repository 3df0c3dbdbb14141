// Owns every session: opening within the limit, lookup, TTL from last use with a sweep, closing.
import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import { ToolError } from '../errors';
import {
  negotiate,
  refusedMqtt5,
  type ConnectFailure,
  type ProtocolChoice,
} from './protocol-choice';
import { Session, type SessionOptions } from './session';

/** Session options with the protocol still to choose. */
export type OpenSessionOptions = Omit<SessionOptions, 'protocolVersion'> & {
  protocolVersion: ProtocolChoice;
};

/** The version question's view of a connect error (its reason code, socket code, early close). */
function failureOf(err: unknown): ConnectFailure {
  const details = err instanceof ToolError ? (err.details ?? {}) : {};
  return {
    reasonCode: details.reason_code,
    causeCode: details.cause_code,
    closedBeforeConnack: details.closed_before_connack === true,
  };
}

/** Limits of the session manager. */
export interface SessionLimits {
  maxSessions: number;
  ttlMs: number;
  sweepMs: number;
  /** The read allow-list every session applies to its deliveries (undefined: all readable). */
  readable?: (topic: string) => boolean;
}

/** Holds the live sessions of this process. Emits `change` whenever the set or a state changes. */
export class SessionManager extends EventEmitter {
  private readonly sessions = new Map<string, Session>();
  private pending = 0;
  private sweeper?: NodeJS.Timeout;

  constructor(
    readonly limits: SessionLimits,
    private readonly log: Logger,
  ) {
    super();
    this.setMaxListeners(100);
    this.sweeper = setInterval(() => void this.sweep(), limits.sweepMs);
    this.sweeper.unref();
  }

  /**
   * Opens a session; LIMIT_REACHED when the maximum is reached, connect errors otherwise. With
   * protocol `auto`, MQTT 5 is tried first and 3.1.1 when the broker refuses it (protocolNote).
   */
  async open(options: OpenSessionOptions): Promise<Session> {
    await this.sweep();
    if (this.sessions.size + this.pending >= this.limits.maxSessions) {
      throw new ToolError(
        'LIMIT_REACHED',
        `the session limit of ${this.limits.maxSessions} is reached; close one with mqtt_close_connection (see mqtt_list_active_connections) or raise MQTT_MCP_MAX_SESSIONS`,
        { max_sessions: this.limits.maxSessions },
      );
    }
    this.pending++;
    let session: Session;
    try {
      const opened = await negotiate(
        options.protocolVersion,
        async (protocolVersion) => {
          const attempt = new Session(
            { ...options, protocolVersion, readable: this.limits.readable },
            this.log,
          );
          await attempt.open();
          return attempt;
        },
        (outcome) => 'error' in outcome && refusedMqtt5(failureOf(outcome.error)),
      );
      session = opened.value;
      session.protocolNote = opened.note;
    } finally {
      this.pending--;
    }
    this.sessions.set(session.id, session);
    session.on('state', () => this.emit('change'));
    session.once('closed', () => {
      this.sessions.delete(session.id);
      this.emit('change');
    });
    this.log.info(
      { session: session.id, broker: session.broker, by: options.openedBy },
      'session opened',
    );
    this.emit('change');
    return session;
  }

  /** The session with this id, touched; NOT_FOUND when unknown or expired. */
  get(id: string): Session {
    const session = this.sessions.get(id);
    if (!session || this.isExpired(session)) {
      if (session) void this.expire(session);
      throw new ToolError(
        'NOT_FOUND',
        `no session ${id}: it was closed, expired after ${this.limits.ttlMs / 1000} s unused, or the server restarted; call mqtt_establish_connection (mqtt_list_active_connections lists the live ones)`,
        { session_id: id },
      );
    }
    session.touch();
    return session;
  }

  /** Live sessions, expired ones swept first. */
  list(): Session[] {
    for (const s of this.sessions.values()) if (this.isExpired(s)) void this.expire(s);
    return [...this.sessions.values()].filter((s) => !this.isExpired(s));
  }

  /** When the session expires if left unused, in ms since the epoch. */
  expiresAtMs(session: Session): number {
    return session.lastUsedAtMs + this.limits.ttlMs;
  }

  /** Closes one session; NOT_FOUND when unknown. */
  async close(id: string): Promise<Session> {
    const session = this.sessions.get(id);
    if (!session) {
      throw new ToolError(
        'NOT_FOUND',
        `no session ${id} to close: it was already closed or expired; mqtt_list_active_connections lists the live ones`,
        { session_id: id },
      );
    }
    this.sessions.delete(id);
    await session.close();
    this.log.info({ session: id }, 'session closed');
    return session;
  }

  /** Closes every session and stops the sweeper. */
  async closeAll(): Promise<void> {
    clearInterval(this.sweeper);
    const all = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(all.map((s) => s.close()));
  }

  private isExpired(session: Session): boolean {
    return Date.now() > this.expiresAtMs(session);
  }

  private async expire(session: Session): Promise<void> {
    if (!this.sessions.has(session.id)) return;
    this.sessions.delete(session.id);
    this.log.info({ session: session.id }, 'session expired');
    await session.close();
  }

  /** Closes every expired session. */
  async sweep(): Promise<void> {
    const expired = [...this.sessions.values()].filter((s) => this.isExpired(s));
    await Promise.all(expired.map((s) => this.expire(s)));
  }
}
