// Console procedures on metrics: recent history and a live stream of samples over SSE.
import { on } from 'node:events';
import { z } from 'zod';
import type { MetricsSample } from '../../metrics/live-metrics';
import { consoleProcedure, router } from '../init';
import { streamProcedure } from '../stream-limit';

/** Live and stored metrics. */
export const metricsRouter = router({
  recent: consoleProcedure.query(({ ctx }) => ctx.hub.metrics.history()),
  rollups: consoleProcedure
    .input(z.object({ from: z.string(), to: z.string() }))
    .query(({ ctx, input }) => ctx.hub.store?.metrics.series(input.from, input.to) ?? []),
  live: streamProcedure.subscription(async function* ({ ctx, signal }) {
    for await (const [sample] of on(ctx.hub.metrics, 'sample', { signal })) {
      yield sample as MetricsSample;
    }
  }),
});
