// The core: configuration, sessions and the registry behind one callTool(); both MCP modes and the hub use it.
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { CaptureStore, type CaptureRef } from './captures';
import type { Config } from './config';
import { ToolError } from './errors';
import { SessionManager } from './mqtt/session-manager';
import { redact } from './redact';
import { Slots } from './slots';
import type { AnyTool, Caller } from './tools/kit/define-tool';
import { toolRegistry } from './tools/index';
import type { RecordAccess } from './recorder/record-access';
import type { ProfileResolver } from './tools/kit/profiles';
import { runTool, type ToolOutcome } from './tools/kit/run-tool';

/** Progress of a timed tool as adapters forward it. */
export interface ToolProgress {
  progress: number;
  total?: number;
  message: string;
}

/** How a tool is being called. */
export interface CallOptions {
  caller: Caller;
  signal?: AbortSignal;
  onProgress?(progress: ToolProgress): void;
}

/** A finished call, as the journal and metrics see it (arguments already redacted). */
export interface CallEvent {
  id: string;
  tool: string;
  caller: Caller;
  args: unknown;
  startedAtMs: number;
  sessionId?: string;
  outcome: ToolOutcome;
}

/** A tool outcome plus, for a timed tool's result, the capture it was filed as. */
export type CallOutcome = ToolOutcome & { capture?: CaptureRef };

/** Something that can list and call tools and show its sessions: the core in-process, or the hub. */
export interface ToolHost {
  /** Tools offered to MCP clients (writing tools withheld in read-only mode). */
  offeredTools(): readonly AnyTool[];
  callTool(name: string, args: unknown, opts: CallOptions): Promise<CallOutcome>;
  /** The live MQTT sessions (MCP resources and completions read them). */
  readonly sessions: SessionManager;
  /** Finished results of timed tools, readable as resources. */
  readonly captures: CaptureStore;
  /** Names of the saved broker profiles (none without a store). */
  profileNames(): string[];
}

/** Sessions plus the registry; emits `call` (CallEvent) after every tool call. */
export class Core extends EventEmitter implements ToolHost {
  readonly sessions: SessionManager;
  readonly captures = new CaptureStore();
  /** Counting limits of this process (console streams, connection probes). */
  readonly slots = new Slots();
  private demoUrl?: string;

  constructor(
    readonly config: Config,
    readonly log: Logger,
    readonly profiles?: ProfileResolver,
    /** The record (set by the hub once its recorder exists). */
    public record?: RecordAccess,
    /** The tools this core serves (default: the registry). */
    readonly tools: readonly AnyTool[] = toolRegistry,
  ) {
    super();
    this.sessions = new SessionManager(
      {
        maxSessions: config.MQTT_MCP_MAX_SESSIONS,
        ttlMs: config.MQTT_MCP_SESSION_TTL_SECONDS * 1000,
        sweepMs: config.MQTT_MCP_SWEEP_SECONDS * 1000,
      },
      log,
    );
  }

  /** URL of the built-in demo broker while it runs; tools offer it as the default broker. */
  demoBrokerUrl(): string | undefined {
    return this.demoUrl;
  }

  /** Records that the demo broker runs at `url` (undefined: it stopped). */
  setDemoBroker(url: string | undefined): void {
    this.demoUrl = url;
  }

  /** Tools offered to clients: all, or all but writing tools in read-only mode. */
  offeredTools(): readonly AnyTool[] {
    return this.config.MQTT_MCP_READ_ONLY ? this.tools.filter((t) => !t.writes) : this.tools;
  }

  /** Names of the saved broker profiles. */
  profileNames(): string[] {
    return this.profiles?.names() ?? [];
  }

  /**
   * Calls a tool by name; never throws (unknown tools come back as a NOT_FOUND outcome). A timed
   * tool's result is also filed in `captures` (the outcome names it).
   */
  async callTool(name: string, args: unknown, opts: CallOptions): Promise<CallOutcome> {
    const startedAtMs = Date.now();
    const id = randomUUID();
    const tool = this.tools.find((t) => t.name === name);
    let outcome: CallOutcome;
    if (!tool) {
      outcome = {
        ok: false,
        error: new ToolError(
          'NOT_FOUND',
          `no tool named "${name}"; available: ${this.tools.map((t) => t.name).join(', ')}`,
        ),
        durationMs: 0,
      };
    } else {
      const log = this.log.child({ tool: name, caller: opts.caller, call: id });
      outcome = await runTool(tool, args, {
        config: this.config,
        sessions: this.sessions,
        slots: this.slots,
        log,
        caller: opts.caller,
        signal: opts.signal ?? new AbortController().signal,
        profiles: this.profiles,
        record: this.record,
        demoBrokerUrl: this.demoUrl,
        progress: (progress, total, message) => opts.onProgress?.({ progress, total, message }),
      });
      log.debug({ ok: outcome.ok, ms: outcome.durationMs }, 'tool call');
    }
    const sessionId =
      typeof (args as { session_id?: unknown })?.session_id === 'string'
        ? (args as { session_id: string }).session_id
        : outcome.ok && typeof outcome.data.session_id === 'string'
          ? outcome.data.session_id
          : undefined;
    if (outcome.ok && tool?.timed) {
      const capture = this.captures.add(name, sessionId, outcome.data);
      if (capture) outcome.capture = { id: capture.id, sessionId, bytes: capture.bytes };
    }
    this.emit('call', {
      id,
      tool: name,
      caller: opts.caller,
      args: redact(args),
      startedAtMs,
      sessionId,
      outcome,
    } satisfies CallEvent);
    return outcome;
  }

  /** Closes every session. */
  async close(): Promise<void> {
    await this.sessions.closeAll();
  }
}
