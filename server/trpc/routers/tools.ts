// One procedure per registry tool, generated: queries for read-only tools, mutations otherwise; plus a runner with progress.
import { z } from 'zod';
import { toolRegistry, type ToolName } from '../../tools/index';
import { inputJsonSchema, outputJsonSchema } from '../../tools/kit/json-schema';
import type { ToolOutcome } from '../../tools/kit/run-tool';
import { EventQueue } from '../event-queue';
import { consoleProcedure, router } from '../init';
import { streamProcedure } from '../stream-limit';
import { anyArgs, toolProcedures, type ToolData } from '../tool-procedures';

/** Events of a tool run streamed to the console: progress, then the outcome. */
export type ToolRunEvent =
  | { type: 'progress'; progress: number; total?: number; message: string }
  | ({ type: 'result'; ok: true; duration_ms: number } & ToolData)
  | { type: 'result'; ok: false; code: string; message: string; duration_ms: number };

function toEvent(tool: string, outcome: ToolOutcome): ToolRunEvent {
  // runTool checked the data against this tool's output schema (an unknown tool is an error).
  const data = { tool, data: outcome.ok ? outcome.data : {} } as ToolData;
  return outcome.ok
    ? { type: 'result', ok: true, ...data, duration_ms: outcome.durationMs }
    : {
        type: 'result',
        ok: false,
        code: outcome.error.code,
        message: outcome.error.message,
        duration_ms: outcome.durationMs,
      };
}

/** The tools router: `invoke.<tool name>`, the catalog, and `run` (a subscription with progress). */
export const toolsRouter = router({
  invoke: router(toolProcedures(toolRegistry)),
  catalog: consoleProcedure.query(({ ctx }) => {
    const offered = new Set(ctx.hub.offeredTools().map((t) => t.name));
    return toolRegistry.map((tool) => ({
      name: tool.name,
      title: tool.title,
      description: tool.description,
      kind: tool.kind,
      timed: Boolean(tool.timed),
      writes: Boolean(tool.writes),
      available: offered.has(tool.name),
      annotations: tool.annotations,
      input_schema: inputJsonSchema(tool),
      output_schema: outputJsonSchema(tool),
    }));
  }),
  cancel: consoleProcedure
    .input(z.object({ run_id: z.string().min(1).max(100) }))
    .mutation(({ ctx, input }) => ({ cancelled: ctx.hub.parts.consoleRuns.cancel(input.run_id) })),
  run: streamProcedure
    .input(
      z.object({
        name: z.custom<ToolName>((v) => typeof v === 'string'),
        args: anyArgs,
        run_id: z.string().max(100).optional(),
      }),
    )
    .subscription(async function* ({ ctx, input, signal }) {
      // Cancel (tools.cancel) aborts the tool but keeps this stream, so its partial result arrives.
      const runs = ctx.hub.parts.consoleRuns;
      const controller = runs.start(input.run_id, signal);
      const queue = new EventQueue<ToolRunEvent>();
      void ctx.hub
        .callTool(input.name, input.args, {
          caller: 'console',
          signal: controller.signal,
          onProgress: (p) => queue.push({ type: 'progress', ...p }),
        })
        .then(
          (outcome) => queue.push(toEvent(input.name, outcome)),
          (err: unknown) => queue.fail(err),
        )
        .finally(() => {
          runs.end(input.run_id);
          queue.end();
        });
      for await (const event of queue) {
        yield event;
        if (event.type === 'result') return;
      }
    }),
});
