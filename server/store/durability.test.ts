// Journal durability: rows committed by a process killed with SIGKILL are all there on reopening.
import { spawn } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from './store';
import { silentLog, tempDir } from '../../test/fixtures/temp-store';

const DRIVER = createRequire(import.meta.url).resolve('better-sqlite3');

const CHILD = `
import Database from ${JSON.stringify(DRIVER)};
const db = new Database(process.argv[2]);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('foreign_keys = ON');
db.pragma('busy_timeout = 5000');
const insert = db.prepare(
  "INSERT INTO journal (id, ts, tool, caller, session_id, args, status, error_code, error_message, duration_ms, result_bytes, summary) VALUES (?, ?, 'list_topics', 'mcp-http', NULL, '{}', 'ok', NULL, NULL, 1, 2, 'ok')",
);
let n = 0;
const one = () => {
  n += 1;
  insert.run('row-' + n, new Date().toISOString());
  process.stdout.write('row-' + n + '\\n');
};
for (let i = 0; i < 200; i += 1) one();
process.stdout.write('done\\n');
setInterval(one, 1);
`;

let dir: { dir: string; cleanup: () => void };

beforeEach(() => {
  dir = tempDir();
});

afterEach(() => {
  dir.cleanup();
});

describe('journal durability', () => {
  it('keeps every row written before a SIGKILL, with an intact database', async () => {
    Store.open(dir.dir, silentLog).close();
    const script = join(dir.dir, 'writer.mjs');
    writeFileSync(script, CHILD);
    const child = spawn(process.execPath, [script, join(dir.dir, 'mqtt-mcp.db')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (/^done$/m.test(out) && out.split('\n').length > 230) resolve();
      });
      child.on('exit', () => reject(new Error(`writer exited early: ${err}`)));
    });
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const acknowledged = out
      .split('\n')
      .filter((line) => line.startsWith('row-'))
      .map((line) => line.trim());
    expect(acknowledged.length).toBeGreaterThan(200);
    expect(statSync(join(dir.dir, 'mqtt-mcp.db-wal')).size).toBeGreaterThan(0);

    const store = Store.open(dir.dir, silentLog);
    try {
      expect(store.journal.count()).toBeGreaterThanOrEqual(acknowledged.length);
      for (let n = 1; n <= 200; n += 1) expect(store.journal.get(`row-${n}`)).toBeDefined();
      for (const id of acknowledged) expect(store.journal.get(id)?.tool).toBe('list_topics');
    } finally {
      store.close();
    }
    const db = new BetterSqlite3(join(dir.dir, 'mqtt-mcp.db'), { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
  });
});
