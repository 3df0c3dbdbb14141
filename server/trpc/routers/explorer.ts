// Explorer procedures: a live topic tree (snapshot, then 200 ms batches), history and search.
import { z } from 'zod';
import { ToolError } from '../../errors';
import type { Explorer } from '../../explorer/explorer-registry';
import type { TopicTreeBatch } from '../../explorer/topic-tree';
import type { Hub } from '../../hub';
import { EventQueue } from '../event-queue';
import { consoleProcedure, router } from '../init';
import { streamProcedure } from '../stream-limit';
import { toTrpcError } from '../tool-error';

/** Topics per snapshot event, so a large tree reaches the browser in pieces. */
const SNAPSHOT_CHUNK = 2000;

const target = z.object({
  session_id: z.string().min(1).max(100),
  filter: z.string().min(1).max(1024).default('#'),
});

/** What `explorer.watch` yields: snapshot chunks (the first resets), then batches, or closed. */
export type ExplorerEvent =
  | ({ type: 'snapshot'; reset: boolean; complete: boolean; filter: string } & TopicTreeBatch)
  | ({ type: 'batch' } & TopicTreeBatch)
  | { type: 'closed'; reason: string };

function guard<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw toTrpcError(ToolError.from(err));
  }
}

function explorerOf(hub: Hub, sessionId: string, filter: string): Explorer {
  return guard(() => {
    hub.core.sessions.get(sessionId);
    return hub.parts.explorers.get(sessionId, filter);
  });
}

/** The explorer: watch a filter on a session, read a topic's history, search topics and payloads. */
export const explorerRouter = router({
  watch: streamProcedure.input(target).subscription(async function* ({ ctx, input, signal }) {
    const session = guard(() => ctx.hub.core.sessions.get(input.session_id));
    let explorer: Explorer;
    try {
      explorer = await ctx.hub.parts.explorers.open(session, input.filter);
    } catch (err) {
      throw toTrpcError(ToolError.from(err));
    }
    // A watcher that fell behind gets the latest state: batches carry absolute values.
    const queue = new EventQueue<ExplorerEvent>({ max: 50, keep: 1, signal });
    const onBatch = (batch: TopicTreeBatch) => queue.push({ type: 'batch', ...batch });
    const onClosed = (reason: string) => queue.push({ type: 'closed', reason });
    // Listener and snapshot in the same tick, so no update falls between them.
    explorer.on('batch', onBatch);
    explorer.once('closed', onClosed);
    const unwatch = explorer.watch();
    try {
      const snap = explorer.tree.snapshot();
      for (let i = 0; i === 0 || i < snap.topics.length; i += SNAPSHOT_CHUNK) {
        const complete = i + SNAPSHOT_CHUNK >= snap.topics.length;
        yield {
          type: 'snapshot',
          reset: i === 0,
          complete,
          filter: input.filter,
          topics: snap.topics.slice(i, i + SNAPSHOT_CHUNK),
          totals: snap.totals,
        } satisfies ExplorerEvent;
      }
      for await (const event of queue) {
        yield event;
        if (event.type === 'closed') return;
      }
    } finally {
      explorer.off('batch', onBatch);
      explorer.off('closed', onClosed);
      unwatch();
    }
  }),
  history: consoleProcedure
    .input(target.extend({ topic: z.string().min(1).max(70_000) }))
    .query(({ ctx, input }) => {
      const explorer = explorerOf(ctx.hub, input.session_id, input.filter);
      return explorer.tree.history(input.topic) ?? null;
    }),
  search: consoleProcedure
    .input(
      target.extend({
        topic: z.string().max(1024).optional(),
        payload: z.string().max(1024).optional(),
        limit: z.number().int().min(1).max(500).default(100),
      }),
    )
    .query(({ ctx, input }) => {
      const explorer = explorerOf(ctx.hub, input.session_id, input.filter);
      return explorer.tree.search({
        topic: input.topic,
        payload: input.payload,
        limit: input.limit,
      });
    }),
});
