// Integration tests of mqtt_subscribe_and_collect's detail levels against a real Mosquitto broker.
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { callErr, callOk } from '../../test/core-harness';
import { mosquittoAvailable } from '../../test/mosquitto';
import { letters, toolFixture } from '../../test/tool-fixture';
import type { subscribeAndCollect } from './subscribe-and-collect';

type Output = z.output<typeof subscribeAndCollect.output>;

const TOOL = 'mqtt_subscribe_and_collect';
const TOPICS = 30;

describe.skipIf(!mosquittoAvailable())('mqtt_subscribe_and_collect detail', () => {
  const f = toolFixture(TOOL);

  it('lists 10 topics and 20 dropped by default, every topic with detail full', async () => {
    const p = letters();
    for (let i = 0; i < TOPICS; i++) {
      for (const value of ['1', '2']) {
        await f.publisher.publishAsync(`${p}/t${i}`, value, { qos: 1, retain: value === '2' });
      }
    }
    const call = (detail?: string) =>
      callOk<Output>(f.core, TOOL, {
        session_id: f.sessionId,
        topic_pattern: `${p}/#`,
        duration_seconds: 1,
        limit: 5,
        ...(detail ? { detail } : {}),
      });
    try {
      const [summary, full] = [await call(), await call('full')];
      for (const out of [summary, full]) {
        expect(out.received_count).toBe(TOPICS);
        expect(out.messages).toHaveLength(5);
        expect(out.pruning?.dropped_count).toBe(TOPICS - 5);
      }
      expect(summary.per_topic).toHaveLength(10);
      expect(summary.topics_not_listed).toBe(TOPICS - 10);
      expect(summary.pruning?.dropped_by_topic).toHaveLength(20);
      expect(summary.pruning?.dropped_topics_not_listed).toBe(TOPICS - 5 - 20);
      expect(full.per_topic).toHaveLength(TOPICS);
      expect(full.topics_not_listed).toBe(0);
      expect(full.pruning?.dropped_by_topic).toHaveLength(TOPICS - 5);
      expect(full.pruning?.dropped_topics_not_listed).toBe(0);
      const bad = await callErr(f.core, TOOL, {
        session_id: f.sessionId,
        topic_pattern: '#',
        detail: 'all',
      });
      expect(bad.code).toBe('INVALID_INPUT');
      expect(bad.message).toMatch(/^detail: /);
    } finally {
      for (let i = 0; i < TOPICS; i++) {
        await f.publisher.publishAsync(`${p}/t${i}`, '', { qos: 1, retain: true });
      }
    }
  });
});
