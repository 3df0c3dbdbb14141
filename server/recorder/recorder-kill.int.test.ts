// The production hub recording a profile, killed with SIGKILL: at most the last batch interval is lost,
// and after a restart recording resumes by itself.
import BetterSqlite3 from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubBuilt, startHubProcess, type HubProcess } from '../../test/hub-process';
import { useBroker } from '../../test/fixtures/broker';
import { letters, sleep } from '../../test/tool-fixture';
import { silentLog } from '../../test/fixtures/temp-store';
import { Store } from '../store/store';
import { profileKey } from './recording-manager';

const f = useBroker();

const FLUSH_MS = 1000;
/** Broker delivery and timer jitter on a loaded machine, beyond the flush interval. */
const SLACK_MS = 750;

let hub: HubProcess | undefined;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mqtt-mcp-kill-'));
});

afterAll(async () => {
  await hub?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Publishes {n} on `topic` every 40 ms for `ms`; returns the send time of each n. */
async function publishFor(topic: string, first: number, ms: number): Promise<Map<number, number>> {
  const sent = new Map<number, number>();
  const end = Date.now() + ms;
  for (let n = first; Date.now() < end; n++) {
    await f.publisher.publishAsync(topic, JSON.stringify({ n }), { qos: 1 });
    sent.set(n, Date.now());
    await sleep(40);
  }
  return sent;
}

/** Reads the record of a stopped hub's data dir. */
async function readRecord(source: string, topic: string) {
  const store = Store.open(dir, silentLog);
  try {
    const range = { source, topic, fromMs: Date.now() - 3_600_000, toMs: Date.now() + 60_000 };
    const counts = await store.record.counts(range);
    const series = await store.record.series({ ...range, field: 'n', points: 1 });
    const events = await store.record.events({
      ...range,
      topic: undefined,
      categories: ['topic'],
    });
    return {
      messages: counts.totalMessages,
      lastN: series.series[0]?.points.at(-1)?.last ?? -1,
      appeared: events.events.filter((e) => e.kind === 'appeared').map((e) => e.topic),
    };
  } finally {
    store.close();
  }
}

describe.runIf(hubBuilt())('the hub recording a profile', () => {
  it('keeps all but the last batch interval across SIGKILL and resumes recording after a restart', async () => {
    const p = letters();
    const topic = `${p}/seq`;
    const setup = Store.open(dir, silentLog);
    const profile = setup.profiles.create({
      name: 'kill-test',
      connection_string: f.broker.url,
      record: true,
    });
    setup.close();
    const source = profileKey(profile.id);
    hub = await startHubProcess({
      MQTT_MCP_DATA_DIR: dir,
      MQTT_MCP_RECORD_FLUSH_SECONDS: String(FLUSH_MS / 1000),
      MQTT_MCP_RECORD_PATTERN: `${p}/#`,
    });
    await sleep(1500);

    const sent = await publishFor(topic, 1, 3000);
    await hub.kill();
    const killedAt = Date.now();
    const mustHave = [...sent].filter(([, at]) => at < killedAt - FLUSH_MS - SLACK_MS);
    expect(mustHave.length).toBeGreaterThan(20);
    const afterKill = await readRecord(source, topic);
    expect(afterKill.messages).toBeGreaterThanOrEqual(mustHave.length);
    expect(afterKill.messages).toBeLessThanOrEqual(sent.size);
    expect(afterKill.lastN).toBeGreaterThanOrEqual(mustHave.at(-1)?.[0] ?? Infinity);
    const db = new BetterSqlite3(join(dir, 'mqtt-mcp.db'), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();

    await hub.start();
    await sleep(1500);
    const more = await publishFor(topic, sent.size + 1, 1500);
    await f.publisher.publishAsync(`${p}/new`, '1', { qos: 1 });
    await sleep(100);
    await hub.stop();
    const afterRestart = await readRecord(source, topic);
    // A clean stop writes the last batch: everything sent after the restart is there.
    expect(afterRestart.messages - afterKill.messages).toBe(more.size);
    expect(afterRestart.lastN).toBe(sent.size + more.size);
    // The first recording's topics were its baseline; after the restart the known topic is not
    // news, a new one is.
    expect(afterKill.appeared).toEqual([]);
    expect(afterRestart.appeared).toEqual([`${p}/new`]);
    hub = undefined;
  });
});
