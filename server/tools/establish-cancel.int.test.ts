// A pending connect to a broker that accepts TCP and never answers stops at once when the caller cancels.
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallEvent } from '../core';
import { createTestCore } from '../../test/core-harness';

let silent: Server;
let port = 0;
const sockets: Socket[] = [];

beforeAll(async () => {
  silent = createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  port = (silent.address() as { port: number }).port;
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((resolve) => silent.close(resolve));
});

describe('cancelling mqtt_establish_connection', () => {
  it('ends the pending connect, opens no session and is journaled as cancelled', async () => {
    const core = createTestCore();
    const events: CallEvent[] = [];
    core.on('call', (e: CallEvent) => events.push(e));
    try {
      const controller = new AbortController();
      const started = Date.now();
      setTimeout(() => controller.abort(), 300);
      const outcome = await core.callTool(
        'mqtt_establish_connection',
        { connection_string: `mqtt://127.0.0.1:${port}`, connect_timeout_seconds: 30 },
        { caller: 'console', signal: controller.signal },
      );
      expect(Date.now() - started).toBeLessThan(5000);
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) expect(outcome.error.message).toMatch(/cancelled by the caller/);
      expect(core.sessions.list()).toHaveLength(0);
      expect(events.at(-1)?.cancelled).toBe(true);
    } finally {
      await core.close();
    }
  });
});
