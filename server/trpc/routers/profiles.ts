// Console procedures on saved broker profiles; secrets are write-only.
import { z } from 'zod';
import { ToolError } from '../../errors';
import { consoleProcedure, router } from '../init';
import { toTrpcError } from '../tool-error';
import type { Hub } from '../../hub';

const profileInput = z.object({
  name: z.string().min(1).max(64),
  connection_string: z.string().min(1).max(2048),
  username: z.string().max(256).optional(),
  password: z.string().max(1024).optional(),
  protocol_version: z.union([z.literal(4), z.literal(5)]).optional(),
  client_id: z.string().max(256).optional(),
  tls_ca: z.string().max(65_536).optional(),
  tls_cert: z.string().max(65_536).optional(),
  tls_key: z.string().max(65_536).optional(),
  reject_unauthorized: z.boolean().optional(),
  record: z.boolean().optional(),
});

function repo(hub: Hub) {
  if (!hub.store) {
    throw toTrpcError(
      new ToolError(
        'INTERNAL',
        `profiles need the store, which is unavailable: ${hub.storeError ?? 'closed'}`,
      ),
    );
  }
  return hub.store.profiles;
}

function guard<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw toTrpcError(ToolError.from(err));
  }
}

/** Runs a profile change, then lets the recorder follow the profiles' `record` flags. */
function change<T>(hub: Hub, fn: () => T): T {
  const out = guard(fn);
  hub.recording?.syncProfiles();
  return out;
}

/** Saved brokers. */
export const profilesRouter = router({
  list: consoleProcedure.query(({ ctx }) => (ctx.hub.store ? ctx.hub.store.profiles.list() : [])),
  create: consoleProcedure
    .input(profileInput)
    .mutation(({ ctx, input }) => change(ctx.hub, () => repo(ctx.hub).create(input))),
  update: consoleProcedure
    .input(z.object({ id: z.string(), patch: profileInput.partial() }))
    .mutation(({ ctx, input }) =>
      change(ctx.hub, () => repo(ctx.hub).update(input.id, input.patch)),
    ),
  remove: consoleProcedure
    .input(z.object({ id: z.string() }))
    .mutation(({ ctx, input }) => change(ctx.hub, () => repo(ctx.hub).remove(input.id))),
  test: consoleProcedure.input(z.object({ id: z.string() })).mutation(async ({ ctx, input }) => {
    const profile = guard(() => repo(ctx.hub).get(input.id));
    if (!profile) throw toTrpcError(new ToolError('NOT_FOUND', `no profile ${input.id}`));
    const outcome = await ctx.hub.callTool(
      'mqtt_establish_connection',
      { profile: profile.name, connect_timeout_seconds: 10 },
      { caller: 'console' },
    );
    if (!outcome.ok)
      return { ok: false as const, code: outcome.error.code, message: outcome.error.message };
    await ctx.hub.callTool(
      'mqtt_close_connection',
      { session_id: outcome.data.session_id },
      { caller: 'console' },
    );
    return { ok: true as const, connected_in_ms: outcome.data.connected_in_ms as number };
  }),
});
