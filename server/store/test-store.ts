// Test helper: a fresh temporary data directory and a silent logger for store tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';

/** A logger that writes nothing. */
export const silentLog: Logger = pino({ level: 'silent' });

/** Creates a fresh temporary directory and returns it with its cleanup. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'mqtt-mcp-store-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
