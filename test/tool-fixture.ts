// Test support: one Mosquitto, Core, publisher and session per tool test file, and the helpers they share.
import { randomBytes } from 'node:crypto';
import { connectAsync, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Core } from '../server/core';
import { callErr, callOk, createTestCore } from './core-harness';
import { startMosquitto, type MosquittoBroker, type MosquittoOptions } from './mosquitto';

/** Ten random lower-case letters: a topic prefix or device id that never looks like an id level. */
export function letters(): string {
  return Array.from(randomBytes(10), (b) => String.fromCharCode(97 + (b % 26))).join('');
}

/** Resolves after `ms` milliseconds (at once for ms <= 0). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

/** The first item that matches; throws `missing` when there is none. */
export function findOrThrow<T>(
  items: readonly T[] | undefined,
  match: (item: T) => boolean,
  missing: string,
): T {
  const found = items?.find(match);
  if (found === undefined) throw new Error(missing);
  return found;
}

/** What a tool test file works with; the fields are set before the first test runs. */
export interface ToolFixture {
  broker: MosquittoBroker;
  core: Core;
  publisher: MqttClient;
  sessionId: string;
  /** Starts `tool` on the session, runs `publish` after 300 ms, and returns the tool's result. */
  during<T>(args: Record<string, unknown>, publish: () => Promise<void>): Promise<T>;
  /** Starts `tool` on the session, cancels it after 300 ms, and returns what it answered. */
  cancelled(args: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** Calls `tool` on the session once per case; each call must fail with its code and message. */
  rejects(cases: RejectCase[]): Promise<void>;
}

/** A call the tool must refuse: its arguments (over the session_id), error code and message. */
export type RejectCase = [args: Record<string, unknown>, code: string, message?: RegExp | string];

/** Registers the hooks that start and stop a tool test file's fixture (its Mosquitto with `broker`). */
export function toolFixture(tool: string, broker: MosquittoOptions = {}): ToolFixture {
  const f = {
    async during<T>(args: Record<string, unknown>, publish: () => Promise<void>): Promise<T> {
      const call = callOk<T>(f.core, tool, { session_id: f.sessionId, ...args });
      await sleep(300);
      await publish();
      return call;
    },
    async cancelled(args: Record<string, unknown>): Promise<Record<string, unknown>> {
      const controller = new AbortController();
      const call = f.core.callTool(
        tool,
        { session_id: f.sessionId, ...args },
        { caller: 'test', signal: controller.signal },
      );
      await sleep(300);
      controller.abort();
      const outcome = await call;
      if (!outcome.ok) throw outcome.error;
      return outcome.data;
    },
    async rejects(cases: RejectCase[]): Promise<void> {
      for (const [args, code, message] of cases) {
        const err = await callErr(f.core, tool, { session_id: f.sessionId, ...args });
        expect(err.code, JSON.stringify(args)).toBe(code);
        if (message !== undefined) expect(err.message, JSON.stringify(args)).toMatch(message);
      }
    },
  } as ToolFixture;
  beforeAll(async () => {
    f.broker = await startMosquitto(broker);
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
