// Translates a ToolError into a TRPCError through the one error table.
import { TRPCError } from '@trpc/server';
import { ERROR_TABLE, type ToolError } from '../errors';

/** The TRPCError for a ToolError; the ToolError stays the cause (the formatter reads its code). */
export function toTrpcError(error: ToolError): TRPCError {
  return new TRPCError({
    code: ERROR_TABLE[error.code].trpc as TRPCError['code'],
    message: error.toText(),
    cause: error,
  });
}
