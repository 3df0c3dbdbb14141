// Newline-delimited JSON-RPC over stdio that answers malformed input per JSON-RPC 2.0 and keeps serving.
//
// Security fix (test/security/jsonrpc.int.test.ts): the SDK's StdioServerTransport dropped a garbage
// line, a batch, or a request with malformed params without any answer (the client waited forever),
// and a single line over 10 MB closed the transport, so the stdio server exited. This transport
// answers -32700 / -32600 (id null unless the request's id can be read), skips a line that is too
// large with an error instead of closing, and otherwise behaves like the SDK's transport.
import process from 'node:process';
import type { Readable, Writable } from 'node:stream';
import type { JSONRPCMessage, RequestId, Transport } from '@modelcontextprotocol/server';
import { LineReader, writeJsonLine } from './line-reader';

/**
 * Longest accepted line by default: the default of MQTT_MCP_MAX_REQUEST_BYTES (3 MiB). Security fix
 * (test/security/limits.int.test.ts): it was 32 MiB, and one 30 MB line held the server for
 * about a minute at 1 GB RSS while it was parsed.
 */
export const DEFAULT_MAX_LINE_BYTES = 3 * 1024 * 1024;

const PARSE_ERROR = -32700;
const INVALID_REQUEST = -32600;
const INVALID_PARAMS = -32602;

function readableId(value: unknown): RequestId | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const id = (value as { id?: unknown }).id;
  return typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id)) ? id : null;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && !Array.isArray(v);
const isId = (v: unknown) => typeof v === 'string' || Number.isSafeInteger(v);

/**
 * The JSON-RPC 2.0 message shapes MCP uses (request, notification, result, error), checked here
 * without the SDK's schemas so the bridge does not load the server package; the SDK validates
 * each method's params afterwards.
 */
export function isJsonRpcMessage(value: unknown): value is JSONRPCMessage {
  if (!isObject(value) || value.jsonrpc !== '2.0') return false;
  if ('params' in value && value.params !== undefined && !isObject(value.params)) return false;
  if (typeof value.method === 'string') return !('id' in value) || isId(value.id);
  if (!isId(value.id)) return false;
  if ('result' in value) return isObject(value.result) && !('error' in value);
  const error = value.error;
  return isObject(error) && typeof error.code === 'number' && typeof error.message === 'string';
}

/**
 * What is wrong with a request's `params._meta`, if anything. The v2 SDK drops a request whose
 * `_meta` fails its schema without any answer (the client would wait forever), so such a request
 * is answered -32602 here.
 */
export function metaProblem(value: Record<string, unknown>): string | undefined {
  const params = value.params as Record<string, unknown> | undefined;
  if (!params || !('_meta' in params) || params._meta === undefined) return undefined;
  const meta = params._meta;
  if (!isObject(meta)) return '_meta must be an object';
  if ('progressToken' in meta && meta.progressToken !== undefined && !isId(meta.progressToken)) {
    return '_meta.progressToken must be a string or an integer';
  }
  const task = meta['io.modelcontextprotocol/related-task'];
  if (task !== undefined && !(isObject(task) && typeof task.taskId === 'string')) {
    return '_meta["io.modelcontextprotocol/related-task"] must be { taskId: string }';
  }
  return undefined;
}

// The id of a skipped (too large) request, read from its first or last bytes: as the first member
// (`{"jsonrpc":"2.0","id":7,…`) or, as the SDK writes it, the last one (`…,"id":7}`).
const HEAD_ID =
  /^\s*\{\s*(?:"jsonrpc"\s*:\s*"2\.0"\s*,\s*)?"id"\s*:\s*(-?\d{1,15}|"(?:[^"\\]|\\.){0,200}")\s*,/;
const TAIL_ID = /,\s*"id"\s*:\s*(-?\d{1,15}|"(?:[^"\\]|\\.){0,200}")\s*\}\s*$/;

/** The request id of a skipped line when its ends show one, so the sender gets its answer; else null. */
export function oversizedId(head: string, tail: string): RequestId | null {
  const text = HEAD_ID.exec(head)?.[1] ?? TAIL_ID.exec(tail.replace(/\r$/, ''))?.[1];
  if (text === undefined) return null;
  try {
    const id = JSON.parse(text) as unknown;
    return typeof id === 'string' || typeof id === 'number' ? id : null;
  } catch {
    return null;
  }
}

/** True for something shaped like a response (no method): answering it could ping-pong forever. */
function looksLikeResponse(value: unknown): boolean {
  return (
    !!value &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    !('method' in value) &&
    ('result' in value || 'error' in value)
  );
}

/** Server transport on stdin/stdout: one JSON-RPC message per line, errors answered, never closed by input. */
export class LineStdioServerTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private readonly reader: LineReader;
  private started = false;

  constructor(
    private readonly stdin: Readable = process.stdin,
    private readonly stdout: Writable = process.stdout,
    private readonly maxLineBytes = DEFAULT_MAX_LINE_BYTES,
  ) {
    this.reader = new LineReader(
      {
        line: (text) => this.handleLine(text),
        oversize: (head, tail) => this.onOversize(oversizedId(head, tail)),
      },
      maxLineBytes,
    );
  }

  /** Starts reading stdin. */
  async start(): Promise<void> {
    if (this.started) throw new Error('LineStdioServerTransport already started');
    this.started = true;
    this.stdin.on('data', this.onData);
    this.stdin.on('error', this.onStreamError);
  }

  /** Writes one message as a line, waiting for drain when stdout is full. */
  send(message: JSONRPCMessage): Promise<void> {
    return writeJsonLine(this.stdout, message);
  }

  /** Stops reading and reports the close. */
  async close(): Promise<void> {
    this.stdin.off('data', this.onData);
    this.stdin.off('error', this.onStreamError);
    if (this.stdin.listenerCount('data') === 0) this.stdin.pause();
    this.reader.reset();
    this.onclose?.();
  }

  private onStreamError = (error: Error): void => {
    this.onerror?.(error);
  };

  private onData = (data: Buffer | string): void => {
    this.reader.push(data);
  };

  private onOversize(id: RequestId | null): void {
    this.onerror?.(new Error(`a message over ${this.maxLineBytes} bytes was skipped`));
    this.reply(
      id,
      INVALID_REQUEST,
      `Invalid Request: message larger than ${this.maxLineBytes} bytes`,
    );
  }

  private handleLine(line: string): void {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      this.onerror?.(err as Error);
      this.reply(null, PARSE_ERROR, 'Parse error');
      return;
    }
    if (Array.isArray(value)) {
      this.reply(
        null,
        INVALID_REQUEST,
        'Invalid Request: JSON-RPC batches are not supported (MCP removed batching); send one message per line',
      );
      return;
    }
    if (!isJsonRpcMessage(value)) {
      this.onerror?.(new Error('invalid JSON-RPC message'));
      if (!looksLikeResponse(value)) {
        this.reply(
          readableId(value),
          INVALID_REQUEST,
          'Invalid Request: not a valid JSON-RPC 2.0 message',
        );
      }
      return;
    }
    const problem = 'id' in value && 'method' in value ? metaProblem(value) : undefined;
    if (problem) {
      this.reply(readableId(value), INVALID_PARAMS, `Invalid params: ${problem}`);
      return;
    }
    this.onmessage?.(value);
  }

  private reply(id: RequestId | null, code: number, message: string): void {
    // JSON-RPC 2.0 answers with id null when the id could not be read; the SDK types omit that case.
    void this.send({ jsonrpc: '2.0', id, error: { code, message } } as unknown as JSONRPCMessage);
  }
}
