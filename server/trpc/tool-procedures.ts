// One tRPC procedure per registry tool, typed by that tool's own zod input and output.
import type { AnyProcedure, TRPCMutationProcedure, TRPCQueryProcedure } from '@trpc/server';
import { z } from 'zod';
import type { AnyTool } from '../tools/kit/define-tool';
import type { RegisteredTool } from '../tools/index';
import type { Hub } from '../hub';
import { consoleProcedure } from './init';
import { toTrpcError } from './tool-error';

/**
 * Raw arguments: the hub's runner parses them with the tool's strict schema, so a bad argument is
 * an INVALID_INPUT naming it, and journaled like any other call.
 */
export const anyArgs = z.record(z.string(), z.unknown()).default({});

/** Arguments typed as the tool's input for clients; only their shape is checked here. */
function argsOf<T extends AnyTool>() {
  return z.custom<z.input<T['input']>>((value) => anyArgs.safeParse(value).success);
}

interface ToolProcedureDef<T extends AnyTool> {
  input: z.input<T['input']>;
  output: z.output<T['output']>;
  meta: object;
}

/** A tool's procedure: a query for a read-only tool, a mutation otherwise. */
type ToolProcedure<T extends AnyTool> = T['kind'] extends 'query'
  ? TRPCQueryProcedure<ToolProcedureDef<T>>
  : TRPCMutationProcedure<ToolProcedureDef<T>>;

/** The procedures of a list of tools, keyed by tool name. */
export type ToolProcedures<Tools extends readonly AnyTool[]> = {
  [T in Tools[number] as T['name']]: ToolProcedure<T>;
};

async function run(hub: Hub, tool: AnyTool, args: unknown, signal?: AbortSignal) {
  const outcome = await hub.callTool(tool.name, args ?? {}, { caller: 'console', signal });
  if (!outcome.ok) throw toTrpcError(outcome.error);
  return outcome.data;
}

function toolProcedure<T extends AnyTool>(tool: T) {
  const base = consoleProcedure.input(argsOf<T>());
  return tool.kind === 'query'
    ? base.query(({ ctx, input, signal }) => run(ctx.hub, tool, input, signal))
    : base.mutation(({ ctx, input, signal }) => run(ctx.hub, tool, input, signal));
}

/** `invoke.<tool name>` for every tool of `tools`. */
export function toolProcedures<const Tools extends readonly AnyTool[]>(
  tools: Tools,
): ToolProcedures<Tools> {
  const procedures: Record<string, AnyProcedure> = Object.fromEntries(
    tools.map((tool) => [tool.name, toolProcedure(tool)]),
  );
  // The one assertion: runTool checked each result against its own tool's output schema.
  return procedures as ToolProcedures<Tools>;
}

/** A tool's result data beside its name, so a client narrows the data by the name. */
export type ToolData<Tools extends readonly AnyTool[] = readonly RegisteredTool[]> = {
  [T in Tools[number] as T['name']]: { tool: T['name']; data: z.output<T['output']> };
}[Tools[number]['name']];
