// Unit tests of the shared tool runner with a tiny inline tool and a fake context.
import pino from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { loadConfig } from '../../config';
import { ToolError } from '../../errors';
import { Slots } from '../../slots';
import { defineTool, type AnyTool, type ToolContext } from './define-tool';
import { describeInputIssues, parseToolInput, runTool, type ToolOutcome } from './run-tool';

const input = z.strictObject({
  name: z.string().min(1),
  count: z.number().int().min(1).max(10).default(3),
  options: z.strictObject({ mode: z.enum(['loud', 'quiet']) }).optional(),
});
const output = z.object({ greeting: z.string(), count: z.number().int() });

type Handler = (args: z.output<typeof input>) => Promise<unknown>;

function makeTool(handler: Handler, extra: { writes?: true | 'manage'; summarize?: boolean } = {}) {
  const tool = defineTool({
    name: 'test_greet',
    title: 'Greet',
    description: 'A tiny tool for the runner tests.',
    kind: extra.writes ? 'mutation' : 'query',
    annotations: { readOnlyHint: !extra.writes, openWorldHint: false },
    writes: extra.writes,
    input,
    output,
    handler: (args) => handler(args) as Promise<z.input<typeof output>>,
    summarize: extra.summarize === false ? undefined : (out) => `greeted ${out.count}×`,
  });
  return tool satisfies AnyTool;
}

function makeContext(env: Record<string, string> = {}): ToolContext {
  // Next.js types make NODE_ENV a required ProcessEnv key; a plain variable map is enough here.
  const vars: Record<string, string> = { LOG_LEVEL: 'silent', ...env };
  return {
    config: loadConfig(vars as NodeJS.ProcessEnv),
    sessions: {} as never,
    slots: new Slots(),
    log: pino({ level: 'silent' }),
    caller: 'test',
    signal: new AbortController().signal,
    progress: () => undefined,
  };
}

const greet = vi.fn<Handler>(async (args) => ({
  greeting: `hello ${args.name}`,
  count: args.count,
}));

function failure(outcome: ToolOutcome): ToolError {
  if (outcome.ok) throw new Error(`expected a failure, got ${JSON.stringify(outcome.data)}`);
  return outcome.error;
}

async function invalid(args: unknown): Promise<string> {
  const handler = vi.fn<Handler>();
  const error = failure(await runTool(makeTool(handler), args, makeContext()));
  expect(error.code).toBe('INVALID_INPUT');
  expect(handler).not.toHaveBeenCalled();
  return error.message;
}

describe('runTool: success', () => {
  it('parses input with defaults, runs the handler and checks the output', async () => {
    greet.mockClear();
    const outcome = await runTool(makeTool(greet), { name: 'ada' }, makeContext());
    expect(outcome).toMatchObject({
      ok: true,
      data: { greeting: 'hello ada', count: 3 },
      summary: 'greeted 3×',
    });
    expect(greet).toHaveBeenCalledOnce();
    expect(greet.mock.calls[0]?.[0]).toEqual({ name: 'ada', count: 3 });
  });

  it('reports durationMs as a non-negative finite number', async () => {
    const slow = makeTool(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      return { greeting: 'hi', count: 1 };
    });
    const outcome = await runTool(slow, { name: 'x' }, makeContext());
    expect(typeof outcome.durationMs).toBe('number');
    expect(Number.isFinite(outcome.durationMs)).toBe(true);
    expect(outcome.durationMs).toBeGreaterThanOrEqual(15);
    const failed = await runTool(makeTool(greet), { bogus: 1 }, makeContext());
    expect(typeof failed.durationMs).toBe('number');
    expect(failed.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('uses summarize on the checked data, and "ok" without one', async () => {
    const withSummary = await runTool(makeTool(greet), { name: 'a', count: 7 }, makeContext());
    expect(withSummary.ok && withSummary.summary).toBe('greeted 7×');
    const plain = await runTool(
      makeTool(greet, { summarize: false }),
      { name: 'a' },
      makeContext(),
    );
    expect(plain.ok && plain.summary).toBe('ok');
  });

  it('returns only the declared output fields', async () => {
    const tool = makeTool(async () => ({ greeting: 'hi', count: 1, extra: 'dropped' }));
    const outcome = await runTool(tool, { name: 'x' }, makeContext());
    expect(outcome.ok && outcome.data).toEqual({ greeting: 'hi', count: 1 });
  });
});

describe('runTool: invalid input', () => {
  it('rejects unknown keys, naming them and listing the accepted ones', async () => {
    const message = await invalid({ name: 'x', colour: 'red', size: 2 });
    expect(message).toBe(
      'unknown arguments "colour", "size" (test_greet accepts: name, count, options)',
    );
  });

  it('uses the singular for one unknown key', async () => {
    expect(await invalid({ name: 'x', colour: 'red' })).toMatch(/^unknown argument "colour" \(/);
  });

  it('says "no arguments" for a tool that takes none', async () => {
    const tool = defineTool({
      name: 'test_none',
      title: 'None',
      description: 'Takes nothing.',
      kind: 'query',
      annotations: { readOnlyHint: true, openWorldHint: false },
      input: z.strictObject({}),
      output: z.object({}),
      handler: async () => ({}),
    }) satisfies AnyTool;
    const error = failure(await runTool(tool, { x: 1 }, makeContext()));
    expect(error.message).toBe('unknown argument "x" (test_none accepts: no arguments)');
    expect((await runTool(tool, undefined, makeContext())).ok).toBe(true);
  });

  it('names the argument of a wrong type', async () => {
    const message = await invalid({ name: 5 });
    expect(message.startsWith('name: ')).toBe(true);
    expect(message).toContain('expected string');
  });

  it('names the nested path of a wrong value', async () => {
    const message = await invalid({ name: 'x', options: { mode: 'shouting' } });
    expect(message.startsWith('options.mode: ')).toBe(true);
  });

  it('says "<name>: required" for a missing argument, also for undefined or null arguments', async () => {
    expect(await invalid({})).toBe('name: required');
    expect(await invalid(undefined)).toBe('name: required');
    expect(await invalid(null)).toBe('name: required');
  });

  it('says "arguments" when the arguments are not an object', async () => {
    expect((await invalid('name=x')).startsWith('arguments: ')).toBe(true);
  });

  it.each([
    [0, 'Too small'],
    [11, 'Too big'],
    [2.5, 'expected int'],
  ])('rejects count=%j as out of range', async (count, hint) => {
    const message = await invalid({ name: 'x', count });
    expect(message.startsWith('count: ')).toBe(true);
    expect(message).toContain(hint);
  });

  it('lists every problem in one message', async () => {
    const message = await invalid({ count: 0, extra: true });
    expect(message).toContain('name: required');
    expect(message).toContain('count: ');
    expect(message).toContain('unknown argument "extra"');
    expect(message.split('; ')).toHaveLength(3);
  });

  it('puts the tool name in the details', async () => {
    const error = failure(await runTool(makeTool(greet), {}, makeContext()));
    expect(error.details).toEqual({ tool: 'test_greet' });
  });
});

describe('runTool: handler failures', () => {
  it('passes a ToolError from the handler through unchanged', async () => {
    const thrown = new ToolError(
      'NOT_FOUND',
      'session abc is not open; call mqtt_establish_connection',
    );
    const tool = makeTool(async () => {
      throw thrown;
    });
    const error = failure(await runTool(tool, { name: 'x' }, makeContext()));
    expect(error).toBe(thrown);
    expect(error.code).toBe('NOT_FOUND');
  });

  it('turns a plain Error into INTERNAL with a generic message and logs the original', async () => {
    const ctx = makeContext();
    const logError = vi.spyOn(ctx.log, 'error');
    const original = new Error('db password hunter22 at /srv/secret.db');
    const tool = makeTool(async () => {
      throw original;
    });
    const error = failure(await runTool(tool, { name: 'x' }, ctx));
    expect(error.code).toBe('INTERNAL');
    expect(error.message).toBe('an internal error occurred; the details were logged on the server');
    expect(error.message).not.toContain('hunter22');
    expect(error.toText()).not.toContain('secret.db');
    expect(logError).toHaveBeenCalledOnce();
    expect(logError.mock.calls[0]?.[0]).toMatchObject({ tool: 'test_greet', err: original });
  });

  it('turns a thrown non-Error value into INTERNAL', async () => {
    const tool = makeTool(async () => {
      throw 'raw string with token abc123';
    });
    const error = failure(await runTool(tool, { name: 'x' }, makeContext()));
    expect(error.code).toBe('INTERNAL');
    expect(error.message).not.toContain('abc123');
  });

  it('reports a result that fails the output schema as INTERNAL', async () => {
    const ctx = makeContext();
    const logError = vi.spyOn(ctx.log, 'error');
    const tool = makeTool(async () => ({ greeting: 42, count: 'three' }));
    const error = failure(await runTool(tool, { name: 'x' }, ctx));
    expect(error.code).toBe('INTERNAL');
    expect(error.message).toBe('test_greet produced a result that does not match its schema');
    expect(error.cause).toBeInstanceOf(z.ZodError);
    expect(logError).toHaveBeenCalledOnce();
  });

  it('reports a throwing summarize as INTERNAL', async () => {
    const tool = {
      ...makeTool(greet),
      summarize: () => {
        throw new Error('boom');
      },
    } as AnyTool;
    const error = failure(await runTool(tool, { name: 'x' }, makeContext()));
    expect(error.code).toBe('INTERNAL');
    expect(error.message).not.toContain('boom');
  });
});

describe('runTool: read-only mode', () => {
  it('refuses a writing tool with READ_ONLY without calling the handler', async () => {
    const handler = vi.fn<Handler>(async () => ({ greeting: 'sent', count: 1 }));
    const ctx = makeContext({ MQTT_MCP_READ_ONLY: 'true' });
    const error = failure(await runTool(makeTool(handler, { writes: true }), { name: 'x' }, ctx));
    expect(error.code).toBe('READ_ONLY');
    expect(error.message).toContain('test_greet is disabled');
    expect(error.message).toContain('MQTT_MCP_READ_ONLY');
    expect(handler).not.toHaveBeenCalled();
  });

  it('refuses before looking at the arguments', async () => {
    const ctx = makeContext({ MQTT_MCP_READ_ONLY: '1' });
    const error = failure(await runTool(makeTool(greet, { writes: true }), { bogus: 1 }, ctx));
    expect(error.code).toBe('READ_ONLY');
  });

  it('runs a writing tool when not read-only, and a reading tool when read-only', async () => {
    const writer = await runTool(makeTool(greet, { writes: true }), { name: 'x' }, makeContext());
    expect(writer.ok).toBe(true);
    const ctx = makeContext({ MQTT_MCP_READ_ONLY: 'true' });
    const reader = await runTool(makeTool(greet), { name: 'x' }, ctx);
    expect(reader.ok).toBe(true);
  });
});

describe('parseToolInput and describeInputIssues', () => {
  it('returns parsed input with defaults', () => {
    expect(parseToolInput(makeTool(greet), { name: 'x', count: 2 })).toEqual({
      name: 'x',
      count: 2,
    });
    expect(parseToolInput(makeTool(greet), { name: 'x' })).toEqual({ name: 'x', count: 3 });
  });

  it('throws INVALID_INPUT', () => {
    expect(() => parseToolInput(makeTool(greet), { count: 1 })).toThrowError(
      expect.objectContaining({ code: 'INVALID_INPUT', message: 'name: required' }),
    );
  });

  it('describes zod issues naming each path', () => {
    const tool = makeTool(greet);
    const parsed = input.safeParse({ name: '', options: { mode: 'x' } });
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    const message = describeInputIssues(tool, parsed.error);
    expect(message).toMatch(/^name: /);
    expect(message).toContain('; options.mode: ');
  });
});
