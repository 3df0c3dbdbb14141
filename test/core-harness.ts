// Test support: an in-process Core with a quiet logger, and a call helper that unwraps outcomes.
import pino from 'pino';
import { loadConfig } from '../server/config';
import { Core } from '../server/core';
import type { ToolError } from '../server/errors';

/** A Core configured from the given environment variables (strings, as in process.env). */
export function createTestCore(env: Record<string, string> = {}): Core {
  const config = loadConfig({ LOG_LEVEL: 'silent', ...env });
  return new Core(config, pino({ level: 'silent' }));
}

/** Calls a tool and returns its data; throws the ToolError when it failed. */
export async function callOk<T = Record<string, unknown>>(
  core: Core,
  name: string,
  args: unknown,
): Promise<T> {
  const outcome = await core.callTool(name, args, { caller: 'test' });
  if (!outcome.ok) throw outcome.error;
  return outcome.data as T;
}

/** Calls a tool that must fail and returns its ToolError. */
export async function callErr(core: Core, name: string, args: unknown): Promise<ToolError> {
  const outcome = await core.callTool(name, args, { caller: 'test' });
  if (outcome.ok) throw new Error(`${name} succeeded but was expected to fail`);
  return outcome.error;
}
