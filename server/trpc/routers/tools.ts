// One procedure per tool of a list (the registry by default), generated: queries for read-only tools, mutations otherwise; plus a runner with progress.
import { z } from 'zod';
import { toolRegistry, type RegisteredTool } from '../../tools/index';
import type { AnyTool } from '../../tools/kit/define-tool';
import { inputJsonSchema, outputJsonSchema } from '../../tools/kit/json-schema';
import type { ToolOutcome } from '../../tools/kit/run-tool';
import { EventQueue } from '../event-queue';
import { consoleProcedure, router } from '../init';
import { streamProcedure } from '../stream-limit';
import { anyArgs, toolProcedures, type ToolData } from '../tool-procedures';

/** Events of a tool run streamed to the console: progress, then the outcome. */
export type ToolRunEvent<Tools extends readonly AnyTool[] = readonly RegisteredTool[]> =
  | { type: 'progress'; progress: number; total?: number; message: string }
  | ({ type: 'result'; ok: true; duration_ms: number } & ToolData<Tools>)
  | { type: 'result'; ok: false; code: string; message: string; duration_ms: number };

function toEvent<Tools extends readonly AnyTool[]>(
  tool: string,
  outcome: ToolOutcome,
): ToolRunEvent<Tools> {
  // runTool checked the data against this tool's output schema (an unknown tool is an error).
  const data = { tool, data: outcome.ok ? outcome.data : {} } as ToolData<Tools>;
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

/** A tool as the console's catalog describes it (schemas, annotations, availability). */
export interface CatalogEntry<T extends AnyTool = AnyTool> {
  name: T['name'];
  title: string;
  description: string;
  kind: T['kind'];
  timed: boolean;
  writes: boolean;
  available: boolean;
  annotations: T['annotations'];
  input_schema: ReturnType<typeof inputJsonSchema>;
  output_schema: ReturnType<typeof outputJsonSchema>;
}

function catalogEntry<T extends AnyTool>(tool: T, available: boolean): CatalogEntry<T> {
  return {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    kind: tool.kind,
    timed: Boolean(tool.timed),
    writes: Boolean(tool.writes),
    available,
    annotations: tool.annotations,
    input_schema: inputJsonSchema(tool),
    output_schema: outputJsonSchema(tool),
  };
}

/**
 * The tools router of a tool list: `invoke.<tool name>`, the catalog, and `run` (a subscription
 * with progress). The hub in the context must serve the same list.
 */
export function createToolsRouter<const Tools extends readonly AnyTool[]>(tools: Tools) {
  type Name = Tools[number]['name'];
  const list: readonly Tools[number][] = tools;
  return router({
    invoke: router(toolProcedures(tools)),
    catalog: consoleProcedure.query(({ ctx }) => {
      const offered = new Set(ctx.hub.offeredTools().map((t) => t.name));
      return list.map((tool): CatalogEntry<Tools[number]> =>
        catalogEntry(tool, offered.has(tool.name)),
      );
    }),
    cancel: consoleProcedure
      .input(z.object({ run_id: z.string().min(1).max(100) }))
      .mutation(({ ctx, input }) => ({
        cancelled: ctx.hub.parts.consoleRuns.cancel(input.run_id),
      })),
    run: streamProcedure
      .input(
        z.object({
          name: z.custom<Name>((v) => typeof v === 'string'),
          args: anyArgs,
          run_id: z.string().max(100).optional(),
        }),
      )
      .subscription(async function* ({ ctx, input, signal }) {
        // Cancel (tools.cancel) aborts the tool but keeps this stream, so its partial result arrives.
        const runs = ctx.hub.parts.consoleRuns;
        const controller = runs.start(input.run_id, signal);
        const queue = new EventQueue<ToolRunEvent<Tools>>();
        void ctx.hub
          .callTool(input.name, input.args, {
            caller: 'console',
            signal: controller.signal,
            onProgress: (p) => queue.push({ type: 'progress', ...p }),
          })
          .then(
            (outcome) => queue.push(toEvent<Tools>(input.name, outcome)),
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
}

/** The tools router of the registry. */
export const toolsRouter = createToolsRouter(toolRegistry);
