// A second real client: the MCP Inspector's CLI mode lists the tools and calls one over stdio.
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { childEnv } from '../test/child-env';
import { BIN } from '../test/mcp-stdio';
import { toolRegistry } from '../server/tools';

const run = promisify(execFile);
const INSPECTOR = resolve(import.meta.dirname, '..', 'node_modules', '.bin', 'mcp-inspector');

async function inspector(args: string[]): Promise<Record<string, unknown>> {
  const { stdout } = await run(INSPECTOR, ['--cli', 'node', BIN, ...args], {
    env: childEnv({ LOG_LEVEL: 'warn' }),
    timeout: 30_000,
  });
  return JSON.parse(stdout) as Record<string, unknown>;
}

/** `tools/call` of one tool through the Inspector, each argument given as `key=value`. */
function callTool(name: string, ...toolArgs: string[]): Promise<Record<string, unknown>> {
  const argFlags = toolArgs.flatMap((arg) => ['--tool-arg', arg]);
  return inspector(['--method', 'tools/call', '--tool-name', name, ...argFlags]);
}

describe('MCP Inspector CLI 0.15', () => {
  it('lists every tool with schemas and annotations', async () => {
    const out = await inspector(['--method', 'tools/list']);
    const tools = out.tools as Array<{
      name: string;
      outputSchema?: unknown;
      annotations?: unknown;
    }>;
    expect(tools.map((t) => t.name)).toContain('mqtt_subscribe_and_collect');
    expect(tools).toHaveLength(toolRegistry.length);
    expect(tools.every((t) => t.outputSchema && t.annotations)).toBe(true);
  });

  it('calls a tool and reads its structured content', async () => {
    const out = await callTool('mqtt_list_active_connections');
    expect(out.isError).toBeFalsy();
    expect(out.structuredContent).toMatchObject({ count: 0, max_sessions: 5, sessions: [] });
  });

  it('shows a tool error as isError with the code (its exit code stays 0)', async () => {
    const out = await callTool('mqtt_close_connection', 'session_id=nope');
    expect(out.isError).toBe(true);
    expect(JSON.stringify(out.content)).toMatch(/NOT_FOUND: no session nope/);
  });
});
