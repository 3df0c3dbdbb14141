// ToolError and its closed code table: the one error type of the core, translated only at the edges.

/** Every failure a tool can report, as a closed set. */
export const TOOL_ERROR_CODES = [
  'INVALID_INPUT',
  'INVALID_TOPIC',
  'NOT_FOUND',
  'NOT_CONNECTED',
  'CONNECTION_FAILED',
  'AUTH_FAILED',
  'BROKER_REJECTED',
  'TIMEOUT',
  'LIMIT_REACHED',
  'READ_ONLY',
  'PUBLISH_NOT_ALLOWED',
  'TOPIC_NOT_READABLE',
  'CONFIRMATION_REQUIRED',
  'INTERNAL',
] as const;

/** One of the closed set of tool error codes. */
export type ToolErrorCode = (typeof TOOL_ERROR_CODES)[number];

/** How each code is presented by the adapters: tRPC code and HTTP status. */
export const ERROR_TABLE: Record<ToolErrorCode, { trpc: string; http: number }> = {
  INVALID_INPUT: { trpc: 'BAD_REQUEST', http: 400 },
  INVALID_TOPIC: { trpc: 'BAD_REQUEST', http: 400 },
  NOT_FOUND: { trpc: 'NOT_FOUND', http: 404 },
  NOT_CONNECTED: { trpc: 'PRECONDITION_FAILED', http: 412 },
  CONNECTION_FAILED: { trpc: 'BAD_GATEWAY', http: 502 },
  AUTH_FAILED: { trpc: 'UNAUTHORIZED', http: 401 },
  BROKER_REJECTED: { trpc: 'BAD_GATEWAY', http: 502 },
  TIMEOUT: { trpc: 'TIMEOUT', http: 504 },
  LIMIT_REACHED: { trpc: 'TOO_MANY_REQUESTS', http: 429 },
  READ_ONLY: { trpc: 'FORBIDDEN', http: 403 },
  PUBLISH_NOT_ALLOWED: { trpc: 'FORBIDDEN', http: 403 },
  TOPIC_NOT_READABLE: { trpc: 'FORBIDDEN', http: 403 },
  CONFIRMATION_REQUIRED: { trpc: 'PRECONDITION_FAILED', http: 412 },
  INTERNAL: { trpc: 'INTERNAL_SERVER_ERROR', http: 500 },
};

/**
 * Brand of every ToolError. Next.js can load this module once per route bundle, so a ToolError
 * made in one chunk is not `instanceof` the class of another: errors are recognised by this
 * process-wide symbol and a known code instead (test: server/errors.test.ts).
 */
const BRAND = Symbol.for('mqtt-mcp.ToolError');
const CODES: ReadonlySet<string> = new Set(TOOL_ERROR_CODES);

function branded(value: unknown): value is ToolError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { [BRAND]?: unknown; code?: unknown };
  return v[BRAND] === true && typeof v.code === 'string' && CODES.has(v.code);
}

/** A failure with a code from the closed set and a message written for a model and an operator. */
export class ToolError extends Error {
  override name = 'ToolError';
  readonly [BRAND] = true;

  /** `instanceof ToolError` holds for a ToolError of any copy of this module (by brand). */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return branded(value);
  }

  constructor(
    readonly code: ToolErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }

  /** The text an MCP client sees: `CODE: message`. */
  toText(): string {
    return `${this.code}: ${this.message}`;
  }

  /** Wraps anything thrown into a ToolError; unknown errors become INTERNAL with a generic message. */
  static from(err: unknown): ToolError {
    if (branded(err)) return err;
    return new ToolError(
      'INTERNAL',
      'an internal error occurred; the details were logged on the server',
      undefined,
      { cause: err },
    );
  }
}

/** True when the value is a ToolError with the given code. */
export function isToolError(err: unknown, code?: ToolErrorCode): err is ToolError {
  return branded(err) && (code === undefined || err.code === code);
}
