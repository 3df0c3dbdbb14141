// tRPC initialisation: context, error formatter (tool error code, zod details), base procedures.
import { initTRPC, TRPCError } from '@trpc/server';
import type { Hub } from '../hub';
import type { AccessDenial } from '../http/auth';

/** What every procedure receives. */
export interface TrpcContext {
  hub: Hub;
  /** Null when the request may use the console API. */
  denial: AccessDenial;
}

const t = initTRPC.context<TrpcContext>().create({
  errorFormatter({ shape, error }) {
    const cause = error.cause as { code?: unknown; name?: string } | undefined;
    return {
      ...shape,
      data: {
        ...shape.data,
        toolErrorCode: cause?.name === 'ToolError' ? (cause.code as string) : null,
      },
    };
  },
});

/** Builds routers. */
export const router = t.router;
/** Creates server-side callers (tests, RSC). */
export const createCallerFactory = t.createCallerFactory;

/** Every console procedure: refused unless the request passed access control. */
export const consoleProcedure = t.procedure.use(({ ctx, next }) => {
  if (ctx.denial) {
    throw new TRPCError({
      code: ctx.denial.status === 401 ? 'UNAUTHORIZED' : 'FORBIDDEN',
      message: ctx.denial.message,
    });
  }
  return next();
});
