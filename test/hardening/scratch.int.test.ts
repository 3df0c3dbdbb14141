import { it } from 'vitest';
import { createTestCore, callOk } from '../core-harness';
import { startFakeBroker } from '../fakes/fake-brokers';

it('explore', async () => {
  const core = createTestCore();
  for (const kind of ['silent', 'drop-after-connack', 'refuse-subscribe', 'ignore-subscribe', 'ignore-unsubscribe'] as const) {
    for (const v of [4, 5]) {
      const fake = await startFakeBroker(kind);
      const t0 = Date.now();
      const out = await core.callTool('mqtt_establish_connection', { connection_string: fake.url, protocol_version: v, connect_timeout_seconds: 2 }, { caller: 'test' });
      console.log(kind, v, Date.now() - t0, out.ok ? 'ok' : `${out.error.code}: ${out.error.message}`);
      if (out.ok) {
        const sid = out.data.session_id;
        await new Promise((r) => setTimeout(r, 50));
        const t1 = Date.now();
        const c = await core.callTool('mqtt_subscribe_and_collect', { session_id: sid, topic_pattern: 'a/#', duration_seconds: 2 }, { caller: 'test' });
        console.log('  collect', Date.now() - t1, c.ok ? JSON.stringify(c.data).slice(0, 300) : `${c.error.code}: ${c.error.message}`);
        const l = await callOk(core, 'mqtt_list_active_connections', {});
        console.log('  list', JSON.stringify(l).slice(0, 600));
        await core.callTool('mqtt_close_connection', { session_id: sid }, { caller: 'test' });
      }
      await fake.close();
    }
  }
  const t0 = Date.now();
  const out = await core.callTool('mqtt_establish_connection', { connection_string: 'mqtt://no-such-host.invalid:1883', connect_timeout_seconds: 5 }, { caller: 'test' });
  console.log('dns', Date.now() - t0, out.ok ? 'ok' : `${out.error.code}: ${out.error.message}`);
  await core.close();
}, 60000);
