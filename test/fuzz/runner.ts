// Fuzz drivers: a spy subscriber, a session pool, and call loops over MCP (any transport) and tRPC HTTP.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  CallToolResultSchema,
  McpError,
  type CallToolResult,
} from '@modelcontextprotocol/sdk/types.js';
import { connectAsync, type MqttClient } from 'mqtt';
import { randomUUID } from 'node:crypto';
import { TOOL_ERROR_CODES, type ToolErrorCode } from '../../server/errors';
import type { AnyTool } from '../../server/tools/kit/define-tool';
import { Gen, generateCall, mulberry32, type FuzzCall, type FuzzTarget } from './arbitrary';

/** A subscriber on `#` and `$SYS/#` that records every topic it receives. */
export interface Spy {
  topics: Map<string, number>;
  messages(): number;
  close(): Promise<void>;
}

/** Connects the spy and waits for its subscriptions. */
export async function startSpy(brokerUrl: string): Promise<Spy> {
  const client: MqttClient = await connectAsync(brokerUrl, {
    clientId: `fuzz-spy-${randomUUID().slice(0, 8)}`,
    reconnectPeriod: 500,
  });
  const topics = new Map<string, number>();
  let count = 0;
  client.on('message', (topic) => {
    count += 1;
    topics.set(topic, (topics.get(topic) ?? 0) + 1);
  });
  await client.subscribeAsync(['#', '$SYS/#'], { qos: 0 });
  return { topics, messages: () => count, close: () => client.endAsync(true) };
}

/** How one call was answered. */
export type Answer =
  | { kind: 'result'; data: Record<string, unknown> }
  | { kind: 'tool_error'; code: ToolErrorCode; text: string }
  | { kind: 'protocol_error'; code: string; text: string }
  | { kind: 'http_refused'; code: string; text: string }
  | { kind: 'crash'; text: string };

/** Counts of one fuzz run, as recorded in bench/results/fuzz.json. */
export interface FuzzCounts {
  calls: number;
  by_mode: Record<string, number>;
  results: number;
  tool_errors: Record<string, number>;
  protocol_errors: Record<string, number>;
  http_refused: Record<string, number>;
  /** `tool answer-kind/code` -> count, to see which tool answered what. */
  by_tool: Record<string, number>;
  crashes: number;
  /** Calls answered with neither a result nor a clear error (must stay empty), and INTERNAL errors. */
  crash_samples: string[];
  /** Clear errors worth a look: NOT_CONNECTED and TIMEOUT answers with their arguments. */
  notes: string[];
  publishes: {
    accepted: number;
    refused: number;
    refused_seen_by_spy: number;
    accepted_plain_seen: number;
    accepted_plain: number;
  };
  duration_ms: number;
}

/** Empty counts. */
export function newCounts(): FuzzCounts {
  return {
    calls: 0,
    by_mode: {},
    results: 0,
    tool_errors: {},
    protocol_errors: {},
    http_refused: {},
    by_tool: {},
    crashes: 0,
    crash_samples: [],
    notes: [],
    publishes: {
      accepted: 0,
      refused: 0,
      refused_seen_by_spy: 0,
      accepted_plain_seen: 0,
      accepted_plain: 0,
    },
    duration_ms: 0,
  };
}

const bump = (m: Record<string, number>, k: string) => (m[k] = (m[k] ?? 0) + 1);

/** Tracks the MQTT sessions a fuzz run may use, so calls use a valid session id most of the time. */
export class SessionPool {
  private ids = new Set<string>();

  list(): string[] {
    return [...this.ids];
  }

  add(id: string): void {
    this.ids.add(id);
  }

  remove(id: string): void {
    this.ids.delete(id);
  }

  /** Replaces the pool by the sessions the server reports. */
  sync(ids: string[]): void {
    this.ids = new Set(ids);
  }
}

/** Calls one tool the way a transport does and classifies the answer. */
export type CallFn = (call: FuzzCall) => Promise<Answer>;

/** Reads `CODE: message` off an isError result. */
export function toolErrorOf(text: string): ToolErrorCode | undefined {
  const code = /^([A-Z_]+): /.exec(text)?.[1];
  return code && (TOOL_ERROR_CODES as readonly string[]).includes(code)
    ? (code as ToolErrorCode)
    : undefined;
}

/** Classifies an MCP tools/call result (or thrown error). */
export function classifyMcp(result: CallToolResult | undefined, error?: unknown): Answer {
  if (error !== undefined) {
    // -32600 for a request the JSON-RPC layer refuses (e.g. a progressToken that is not a string or number).
    if (error instanceof McpError && [-32600, -32601, -32602].includes(error.code)) {
      return { kind: 'protocol_error', code: String(error.code), text: error.message };
    }
    // Streamable HTTP: the SDK's server transport refuses a message that is not valid JSON-RPC
    // itself, with HTTP 400 and a JSON-RPC error body (-32700 / -32600, id null).
    const http = /Error POSTing to endpoint: (\{.*\})\s*$/s.exec((error as Error)?.message ?? '');
    if (http?.[1]) {
      try {
        const body = JSON.parse(http[1]) as { error?: { code?: number; message?: string } };
        const code = body.error?.code;
        if (code === -32700 || code === -32600) {
          return { kind: 'protocol_error', code: `http-${code}`, text: body.error?.message ?? '' };
        }
      } catch {
        // Not JSON: a crash below.
      }
    }
    return { kind: 'crash', text: `${(error as Error)?.message ?? String(error)}` };
  }
  const text = result?.content?.map((c) => (c.type === 'text' ? c.text : '')).join('') ?? '';
  if (result?.isError) {
    const code = toolErrorOf(text);
    return code
      ? { kind: 'tool_error', code, text }
      : { kind: 'crash', text: `unclear error: ${text.slice(0, 200)}` };
  }
  const data = result?.structuredContent;
  if (data && typeof data === 'object' && !Array.isArray(data)) return { kind: 'result', data };
  return { kind: 'crash', text: `result without structuredContent: ${text.slice(0, 200)}` };
}

/** tools/call over an MCP client, bypassing the client's own argument and output checks. */
export function mcpCaller(client: Client, timeoutMs: number, rnd: Gen): CallFn {
  return async (call) => {
    const params: Record<string, unknown> = { name: call.tool, arguments: call.args };
    if (rnd.chance(0.05))
      params._meta = { progressToken: rnd.pick([`p-${call.index}`, call.index, {}, null]) };
    if (rnd.chance(0.02)) delete params.arguments;
    try {
      const result = await client.request(
        { method: 'tools/call', params: params as { name: string } },
        CallToolResultSchema,
        { timeout: timeoutMs },
      );
      return classifyMcp(result as CallToolResult);
    } catch (err) {
      return classifyMcp(undefined, err);
    }
  };
}

/** tRPC codes a tool call may legitimately answer with (never INTERNAL_SERVER_ERROR). */
export const KNOWN_TRPC_CODES = new Set([
  'BAD_REQUEST',
  'NOT_FOUND',
  'PRECONDITION_FAILED',
  'BAD_GATEWAY',
  'UNAUTHORIZED',
  'TIMEOUT',
  'TOO_MANY_REQUESTS',
  'FORBIDDEN',
  'METHOD_NOT_SUPPORTED',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
]);

/** Longest URL Node's HTTP parser accepts by default (16 KiB of headers); longer ones get 431. */
const MAX_URL_CHARS = 16 * 1024;

/** `tools.invoke.<name>` over the console API with raw fetch: queries by GET, mutations by POST. */
export function trpcCaller(
  hubUrl: string,
  token: string,
  tools: readonly AnyTool[],
  timeoutMs: number,
  rnd: Gen,
): CallFn {
  return async (call) => {
    const tool = tools.find((t) => t.name === call.tool);
    let method = tool?.kind === 'mutation' ? 'POST' : 'GET';
    if (rnd.chance(0.02)) method = method === 'GET' ? 'POST' : 'GET';
    const path = `${hubUrl}/api/trpc/tools.invoke.${encodeURIComponent(call.tool)}`;
    const json = call.args === undefined ? undefined : JSON.stringify(call.args);
    const url =
      method === 'GET' && json !== undefined ? `${path}?input=${encodeURIComponent(json)}` : path;
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: method === 'POST' ? json : undefined,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      // Node's HTTP server answers 431 to headers over 16 KiB and hangs up; while a 1 MB URL is
      // still being sent, the client may see only the reset. Anything else is a crash.
      if (method === 'GET' && url.length > MAX_URL_CHARS) {
        return { kind: 'http_refused', code: 'reset', text: 'URL too long for a GET query' };
      }
      return { kind: 'crash', text: `fetch failed: ${(err as Error).message}` };
    }
    const text = await res.text();
    if ((res.status === 431 || res.status === 414) && url.length > MAX_URL_CHARS) {
      return {
        kind: 'http_refused',
        code: String(res.status),
        text: 'URL too long for a GET query',
      };
    }
    let body: {
      result?: { data?: unknown };
      error?: { message?: string; data?: { code?: string; toolErrorCode?: string | null } };
    };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      return { kind: 'crash', text: `HTTP ${res.status}, not JSON: ${text.slice(0, 200)}` };
    }
    const data = body.result?.data;
    if (res.ok && data && typeof data === 'object' && !Array.isArray(data)) {
      return { kind: 'result', data: data as Record<string, unknown> };
    }
    const code = body.error?.data?.code;
    if (code && KNOWN_TRPC_CODES.has(code)) {
      const toolCode = body.error?.data?.toolErrorCode;
      if (toolCode)
        return {
          kind: 'tool_error',
          code: toolCode as ToolErrorCode,
          text: body.error?.message ?? '',
        };
      return { kind: 'protocol_error', code, text: body.error?.message ?? '' };
    }
    return { kind: 'crash', text: `HTTP ${res.status}: ${text.slice(0, 300)}` };
  };
}

/** What a fuzz loop needs. */
export interface FuzzRunOptions {
  seed: number;
  calls: number;
  concurrency: number;
  tools: readonly AnyTool[];
  target: Omit<FuzzTarget, 'sessionIds'>;
  pool: SessionPool;
  call: CallFn;
  /** Opens a legitimate session (returns its id) when the pool is empty. */
  openSession(): Promise<string | undefined>;
  /** Lists the open sessions, to resynchronise the pool now and then. */
  listSessions(): Promise<string[] | undefined>;
}

/** What a fuzz loop observed; topics of accepted and refused publishes for the spy check. */
export interface FuzzRun {
  counts: FuzzCounts;
  acceptedTopics: Set<string>;
  refusedTopics: Set<string>;
}

function argsPreview(call: FuzzCall): string {
  const text = JSON.stringify(call.args, (_k, v: unknown) =>
    typeof v === 'string' && v.length > 80 ? `${v.slice(0, 40)}…(${v.length} chars)` : v,
  );
  return (text ?? String(call.args)).slice(0, 400);
}

/** The topic a publishing tool (mqtt_publish_message, mqtt_request) was asked to publish on. */
function publishTopic(call: FuzzCall): string | undefined {
  if (call.tool !== 'mqtt_publish_message' && call.tool !== 'mqtt_request') return undefined;
  const a = call.args;
  if (!a || typeof a !== 'object' || Array.isArray(a)) return undefined;
  const topic = (a as { topic?: unknown }).topic;
  return typeof topic === 'string' ? topic : undefined;
}

/** Runs `calls` generated calls with `concurrency` in flight and counts every answer. */
export async function runFuzz(opts: FuzzRunOptions): Promise<FuzzRun> {
  const g = new Gen(mulberry32(opts.seed));
  const target: FuzzTarget = { ...opts.target, sessionIds: () => opts.pool.list() };
  const counts = newCounts();
  const acceptedTopics = new Set<string>();
  const refusedTopics = new Set<string>();
  const started = Date.now();
  let next = 0;
  let opening: Promise<unknown> | undefined;

  const ensureSession = async () => {
    if (opts.pool.list().length > 0) return;
    opening ??= opts
      .openSession()
      .then((id) => id && opts.pool.add(id))
      .finally(() => (opening = undefined));
    await opening;
  };

  const record = (call: FuzzCall, answer: Answer) => {
    counts.calls += 1;
    bump(counts.by_mode, call.mode);
    const topic = publishTopic(call);
    bump(
      counts.by_tool,
      `${call.tool} ${answer.kind === 'result' ? 'result' : `${answer.kind}/${answer.kind === 'crash' ? '' : answer.code}`}`,
    );
    if (
      answer.kind === 'tool_error' &&
      ['NOT_CONNECTED', 'TIMEOUT'].includes(answer.code) &&
      counts.notes.length < 20
    ) {
      counts.notes.push(
        `#${call.index} ${call.tool} ${answer.text.slice(0, 160)} with ${argsPreview(call)}`,
      );
    }
    switch (answer.kind) {
      case 'result':
        counts.results += 1;
        if (
          call.tool === 'mqtt_establish_connection' &&
          typeof answer.data.session_id === 'string'
        ) {
          opts.pool.add(answer.data.session_id);
        }
        if (call.tool === 'mqtt_close_connection' && typeof answer.data.session_id === 'string') {
          opts.pool.remove(answer.data.session_id);
        }
        if (topic !== undefined) {
          counts.publishes.accepted += 1;
          acceptedTopics.add(topic);
        }
        break;
      case 'tool_error':
        bump(counts.tool_errors, answer.code);
        // A timeout means the message may have been written; everything else is refused before I/O.
        if (topic !== undefined && answer.code !== 'TIMEOUT') {
          counts.publishes.refused += 1;
          refusedTopics.add(topic);
        }
        // mqtt_request times out after its request was published: that topic was sent.
        if (topic !== undefined && answer.code === 'TIMEOUT' && call.tool === 'mqtt_request') {
          acceptedTopics.add(topic);
        }
        if (answer.code === 'INTERNAL' && counts.crash_samples.length < 20) {
          counts.crash_samples.push(
            `#${call.index} ${call.tool} INTERNAL with ${argsPreview(call)}`,
          );
        }
        break;
      case 'protocol_error':
      case 'http_refused':
        bump(
          answer.kind === 'protocol_error' ? counts.protocol_errors : counts.http_refused,
          answer.code,
        );
        if (topic !== undefined) {
          counts.publishes.refused += 1;
          refusedTopics.add(topic);
        }
        break;
      default:
        counts.crashes += 1;
        if (counts.crash_samples.length < 20) {
          counts.crash_samples.push(
            `#${call.index} ${call.tool} (${call.mode}): ${answer.text.slice(0, 300)} with ${argsPreview(call)}`,
          );
        }
    }
  };

  const worker = async () => {
    for (;;) {
      const index = next++;
      if (index >= opts.calls) return;
      if (index % 200 === 0 && index > 0) {
        const ids = await opts.listSessions().catch(() => undefined);
        if (ids) opts.pool.sync(ids);
      }
      await ensureSession();
      const call = generateCall(g, target, opts.tools, index);
      record(call, await opts.call(call));
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, () => worker()));
  counts.duration_ms = Date.now() - started;
  return { counts, acceptedTopics, refusedTopics };
}

/** Printable-ASCII topics under the prefix: the ones a spy must see when the publish was accepted. */
export function plainTopic(topic: string, prefix: string): boolean {
  return topic.startsWith(`${prefix}/`) && /^[\x21-\x7e]+$/.test(topic);
}

/** Fills the publish counts from the spy and returns the refused topics the spy saw (must be none). */
export async function checkSpy(run: FuzzRun, spy: Spy, prefix: string): Promise<string[]> {
  const plain = [...run.acceptedTopics].filter((t) => plainTopic(t, prefix));
  for (let i = 0; i < 30 && plain.some((t) => !spy.topics.has(t)); i++) {
    await new Promise((r) => setTimeout(r, 100));
  }
  run.counts.publishes.accepted_plain = plain.length;
  run.counts.publishes.accepted_plain_seen = plain.filter((t) => spy.topics.has(t)).length;
  const leaked = [...run.refusedTopics].filter(
    (t) => !run.acceptedTopics.has(t) && spy.topics.has(t),
  );
  run.counts.publishes.refused_seen_by_spy = leaked.length;
  return leaked;
}
