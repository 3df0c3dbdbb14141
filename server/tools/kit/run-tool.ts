// The shared tool runner: write tier and topic access, strict input parsing, handler, output check, ToolError.
import type { z } from 'zod';
import { ToolError } from '../../errors';
import type { AnyTool, ToolContext } from './define-tool';
import { assertCallAllowed, assertToolAllowed } from './topic-access';

/** Result of one tool call: data on success, a ToolError otherwise, and the time it took. */
export type ToolOutcome =
  | { ok: true; data: Record<string, unknown>; durationMs: number; summary: string }
  | { ok: false; error: ToolError; durationMs: number };

/** Formats zod issues as one message naming every offending argument. */
export function describeInputIssues(tool: AnyTool, error: z.ZodError): string {
  const accepted = Object.keys(tool.input.shape).join(', ');
  const parts = error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return `unknown argument${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')} (${tool.name} accepts: ${accepted || 'no arguments'})`;
    }
    const path = issue.path.length > 0 ? issue.path.join('.') : 'arguments';
    if (issue.code === 'invalid_type' && issue.message.includes('received undefined')) {
      return `${path}: required`;
    }
    return `${path}: ${issue.message}`;
  });
  return parts.join('; ');
}

/** Parses raw arguments with the tool's strict input schema; INVALID_INPUT naming the argument. */
export function parseToolInput(tool: AnyTool, args: unknown): Record<string, unknown> {
  const parsed = tool.input.safeParse(args ?? {});
  if (!parsed.success) {
    throw new ToolError('INVALID_INPUT', describeInputIssues(tool, parsed.error), {
      tool: tool.name,
    });
  }
  return parsed.data as Record<string, unknown>;
}

/** Runs a tool end to end and never throws: failures come back as a ToolError outcome. */
export async function runTool(
  tool: AnyTool,
  args: unknown,
  ctx: ToolContext,
): Promise<ToolOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round((performance.now() - started) * 1000) / 1000;
  try {
    assertToolAllowed(ctx.config, tool);
    const input = parseToolInput(tool, args);
    assertCallAllowed(ctx.config, tool, input);
    const raw = await tool.handler(input, ctx);
    const checked = tool.output.safeParse(raw);
    if (!checked.success) {
      throw new ToolError(
        'INTERNAL',
        `${tool.name} produced a result that does not match its schema`,
        undefined,
        {
          cause: checked.error,
        },
      );
    }
    const data = checked.data as Record<string, unknown>;
    return { ok: true, data, durationMs: elapsed(), summary: tool.summarize?.(data) ?? 'ok' };
  } catch (err) {
    const error = ToolError.from(err);
    if (error.code === 'INTERNAL') {
      ctx.log.error(
        { tool: tool.name, err: error.cause ?? err },
        'tool failed with an internal error',
      );
    }
    return { ok: false, error, durationMs: elapsed() };
  }
}
