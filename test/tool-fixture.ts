// Test support: one Mosquitto, Core, publisher and session per tool test file, and the helpers they share.
import { randomBytes } from 'node:crypto';
import { connectAsync, type MqttClient } from 'mqtt';
import { afterAll, beforeAll } from 'vitest';
import type { Core } from '../server/core';
import { callOk, createTestCore } from './core-harness';
import { startMosquitto, type MosquittoBroker } from './mosquitto';

/** Ten random lower-case letters: a topic prefix or device id that never looks like an id level. */
export function letters(): string {
  return Array.from(randomBytes(10), (b) => String.fromCharCode(97 + (b % 26))).join('');
}

/** Resolves after `ms` milliseconds (at once for ms <= 0). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

/** What a tool test file works with; the fields are set before the first test runs. */
export interface ToolFixture {
  broker: MosquittoBroker;
  core: Core;
  publisher: MqttClient;
  sessionId: string;
  /** Starts `tool` on the session, runs `publish` after 300 ms, and returns the tool's result. */
  during<T>(args: Record<string, unknown>, publish: () => Promise<void>): Promise<T>;
}

/** Registers beforeAll/afterAll hooks that start and stop the fixture of a tool test file. */
export function toolFixture(tool: string): ToolFixture {
  const f = {
    async during<T>(args: Record<string, unknown>, publish: () => Promise<void>): Promise<T> {
      const call = callOk<T>(f.core, tool, { session_id: f.sessionId, ...args });
      await sleep(300);
      await publish();
      return call;
    },
  } as ToolFixture;
  beforeAll(async () => {
    f.broker = await startMosquitto();
    f.core = createTestCore();
    f.publisher = await connectAsync(f.broker.url, { reconnectPeriod: 0 });
    const session = await callOk<{ session_id: string }>(f.core, 'mqtt_establish_connection', {
      connection_string: f.broker.url,
    });
    f.sessionId = session.session_id;
  });
  afterAll(async () => {
    if (f.sessionId) await callOk(f.core, 'mqtt_close_connection', { session_id: f.sessionId });
    await f.publisher?.endAsync();
    await f.core?.close();
    await f.broker?.stop();
  });
  return f;
}
