// Console procedures on the journal: pages with filters, one entry, and a live tail over SSE.
import { tracked } from '@trpc/server';
import { on } from 'node:events';
import { z } from 'zod';
import { JOURNAL_STATUSES, type JournalEntry } from '../../store/journal';
import { consoleProcedure, router } from '../init';
import { streamProcedure } from '../stream-limit';

const filter = z.object({
  tool: z.string().optional(),
  caller: z.string().optional(),
  status: z.enum(JOURNAL_STATUSES).optional(),
  session_id: z.string().optional(),
  /** Prefix of the call id or of the session id. */
  id_prefix: z.string().max(64).optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  limit: z.number().int().min(1).max(500).default(50),
  cursor: z.string().nullish(),
});

function matches(e: JournalEntry, f: z.infer<typeof filter>): boolean {
  return (
    (!f.tool || e.tool === f.tool) &&
    (!f.caller || e.caller === f.caller) &&
    (!f.status || e.status === f.status) &&
    (!f.session_id || e.session_id === f.session_id) &&
    (!f.id_prefix?.trim() ||
      [e.id, e.session_id ?? ''].some((id) =>
        id.startsWith(f.id_prefix?.trim().toLowerCase() ?? ''),
      ))
  );
}

/** The journal of every tool call. */
export const journalRouter = router({
  page: consoleProcedure.input(filter).query(({ ctx, input }) => {
    const store = ctx.hub.store;
    if (!store) return { entries: [], next_cursor: null, store_error: ctx.hub.storeError ?? null };
    return { ...store.journal.page(input), store_error: null };
  }),
  get: consoleProcedure
    .input(z.object({ id: z.string() }))
    .query(({ ctx, input }) => ctx.hub.store?.journal.get(input.id) ?? null),
  tail: streamProcedure
    .input(filter.extend({ lastEventId: z.string().nullish() }))
    .subscription(async function* ({ ctx, input, signal }) {
      for await (const [entry] of on(ctx.hub, 'journal', { signal })) {
        const e = entry as JournalEntry;
        if (matches(e, input)) yield tracked(e.id, e);
      }
    }),
});
