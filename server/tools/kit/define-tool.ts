// defineTool(): a tool is defined once (zod input and output, annotations, handler) for every adapter.
import type { z } from 'zod';
import type { Logger } from 'pino';
import type { Config } from '../../config';
import type { SessionManager } from '../../mqtt/session-manager';
import type { RecordAccess } from '../../recorder/record-access';
import type { Slots } from '../../slots';
import type { UndoLog } from '../../store/undo';
import type { ProfileResolver } from './profiles';

/** Who called a tool. */
export type Caller = 'console' | 'mcp-http' | 'mcp-stdio' | 'mcp-stdio-bridge' | 'hub' | 'test';

/** MCP tool annotations (hints for clients, never the security boundary). */
export interface ToolAnnotations {
  title?: string;
  readOnlyHint: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  openWorldHint: boolean;
}

/** Annotations of a tool that only reads what the broker delivers. */
export const READS_BROKER: ToolAnnotations = { readOnlyHint: true, openWorldHint: true };

/** Annotations of a tool that only reads this process's own state (sessions, the record). */
export const READS_HUB: ToolAnnotations = {
  readOnlyHint: true,
  idempotentHint: true,
  openWorldHint: false,
};

/** Annotations of a tool that publishes, but nothing that changes what devices do or retain. */
export const WRITES_HARMLESS: ToolAnnotations = {
  readOnlyHint: false,
  destructiveHint: false,
  openWorldHint: true,
};

/** The kind of a tool that watches the broker for a window and changes nothing. */
export const TIMED_READ = { kind: 'query', timed: true, annotations: READS_BROKER } as const;

/** The kind of a tool that publishes its own messages for a window (probes, requests). */
export const TIMED_PUBLISH = {
  kind: 'mutation',
  writes: true,
  timed: true,
  annotations: WRITES_HARMLESS,
} as const;

/** Annotations of a tool that changes broker state in a way a repeat would not undo. */
export const DESTRUCTIVE_WRITE: ToolAnnotations = {
  readOnlyHint: false,
  destructiveHint: true,
  idempotentHint: false,
  openWorldHint: true,
};

/** What a handler gets besides its input. */
export interface ToolContext {
  config: Config;
  sessions: SessionManager;
  /** The process's counting limits (the core's). */
  slots: Slots;
  log: Logger;
  caller: Caller;
  /** Aborted when the caller cancels or goes away; timed tools stop and return what they have. */
  signal: AbortSignal;
  /** Reports progress of a timed tool (`progress` grows; `total` when known). */
  progress(progress: number, total: number | undefined, message: string): void;
  /** Saved broker profiles, when this process has a store. */
  profiles?: ProfileResolver;
  /** URL of the built-in demo broker while it runs (the hub's), else undefined. */
  demoBrokerUrl?: string;
  /** The recorder's record, when this process is a hub with a store. */
  record?: RecordAccess;
  /** Where cleared retained messages are kept for mqtt_restore_retained. */
  undo?: UndoLog;
}

/** tRPC procedure type of a tool: read-only tools are queries. */
export type ToolKind = 'query' | 'mutation';

/** One tool: metadata, schemas and a handler returning plain data. */
export interface ToolDefinition<
  I extends z.ZodObject = z.ZodObject,
  O extends z.ZodObject = z.ZodObject,
  N extends string = string,
  K extends ToolKind = ToolKind,
> {
  name: N;
  title: string;
  description: string;
  /** tRPC procedure type: read-only tools are queries. */
  kind: K;
  annotations: ToolAnnotations;
  /**
   * Tools that write to a broker: true for publishing (tier publish-allowed and up), 'manage' for
   * retained-message management (tier full only). Withheld where the tier forbids them.
   */
  writes?: true | 'manage';
  /** True for tools that run for a time window and report progress. */
  timed?: boolean;
  input: I;
  output: O;
  handler(input: z.output<I>, ctx: ToolContext): Promise<z.input<O>>;
  /** One line describing a result, for the journal. */
  summarize?(output: z.output<O>): string;
}

/** A tool of any input and output type. */
export type AnyTool = ToolDefinition<z.ZodObject, z.ZodObject>;

/** The display title a tool name reads as: `mqtt_list_topics` → `List topics`. */
export function titleOfName(name: string): string {
  const words = name.replace(/^mqtt_/, '').replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * Fixes the generics of a tool definition (its name and kind as literals); the title, when left
 * out, is the name read as words.
 */
export function defineTool<
  I extends z.ZodObject,
  O extends z.ZodObject,
  N extends string,
  K extends ToolKind,
>(def: Omit<ToolDefinition<I, O, N, K>, 'title'> & { title?: string }): ToolDefinition<I, O, N, K> {
  return { ...def, title: def.title ?? titleOfName(def.name) };
}
