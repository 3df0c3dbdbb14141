// tRPC initialisation: context, error formatter (tool error code, zod details), base procedures.
import { initTRPC, TRPCError } from '@trpc/server';
import { isToolError } from '../errors';
import type { Hub } from '../hub';
import type { AccessDenial, AccessVia } from '../http/auth';
import { withToolErrorCode } from './tool-error';

/** What every procedure receives. */
export interface TrpcContext {
  hub: Hub;
  /** Null when the request may use the console API. */
  denial: AccessDenial;
  /** How an allowed request proved itself (a bearer token, loopback, the proxy …); null when refused. */
  via: AccessVia | null;
}

const t = initTRPC.context<TrpcContext>().create({
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    return {
      ...shape,
      data: { ...shape.data, toolErrorCode: isToolError(cause) ? cause.code : null },
    };
  },
});

/** Builds routers. */
export const router = t.router;
/** Creates server-side callers (tests, RSC). */
export const createCallerFactory = t.createCallerFactory;

/**
 * Every console procedure: refused unless the request passed access control; a ToolError thrown
 * by a procedure answers with its own code (INVALID_INPUT is a 400 with its message, not a 500).
 */
export const consoleProcedure = t.procedure.use(async ({ ctx, next }) => {
  if (ctx.denial) {
    throw new TRPCError({
      code: ctx.denial.status === 401 ? 'UNAUTHORIZED' : 'FORBIDDEN',
      message: ctx.denial.message,
    });
  }
  const result = await next();
  return result.ok ? result : { ...result, error: withToolErrorCode(result.error) };
});
