// Translates a ToolError into a TRPCError through the one error table, and finds an error's root cause for logs.
import { TRPCError } from '@trpc/server';
import { ERROR_TABLE, isToolError, type ToolError } from '../errors';

/** The TRPCError for a ToolError; the ToolError stays the cause (the formatter reads its code). */
export function toTrpcError(error: ToolError): TRPCError {
  return new TRPCError({
    code: ERROR_TABLE[error.code].trpc as TRPCError['code'],
    message: error.toText(),
    cause: error,
  });
}

/**
 * The error a procedure should answer with: a ToolError thrown as is (tRPC wrapped it as an
 * INTERNAL_SERVER_ERROR) gets its own code and status, e.g. INVALID_INPUT as a 400 with its message.
 */
export function withToolErrorCode(error: TRPCError): TRPCError {
  const cause = error.cause;
  return error.code === 'INTERNAL_SERVER_ERROR' && isToolError(cause) && cause.code !== 'INTERNAL'
    ? toTrpcError(cause)
    : error;
}

/** The innermost cause of an error (what actually failed), for the log of an INTERNAL error. */
export function rootCause(error: unknown): unknown {
  let current = error;
  for (let depth = 0; depth < 10; depth++) {
    const next = (current as { cause?: unknown } | null)?.cause;
    if (!(next instanceof Error)) break;
    current = next;
  }
  return current;
}
