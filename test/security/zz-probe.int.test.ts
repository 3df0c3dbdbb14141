import { it } from 'vitest';
import pino from 'pino';
import { connectAsync } from 'mqtt';
import { loadConfig } from '../../server/config';
import { Core } from '../../server/core';
import { startMosquitto } from '../mosquitto';
it('probe', async () => {
  const b = await startMosquitto({ debugLog: false });
  const spy = await connectAsync(b.url);
  const seen: string[] = [];
  spy.on('message', (t) => seen.push(t));
  await spy.subscribeAsync('p/#');
  const core = new Core(loadConfig({ LOG_LEVEL: 'silent' }), pino({ level: 'silent' }));
  let i = 0;
  for (const properties of [
    { user_properties: {} },
    { content_type: 'a\u0001' },
    { response_topic: 'a/#' },
    { response_topic: 'a/+' },
    { response_topic: '' },
    { response_topic: 'a\u0000' },
    { user_properties: { 'k\u0001': 'v' } },
    { user_properties: { k: ['v', 'w\u0002'] } },
    { user_properties: { k: [] } },
    { correlation_data: '\u0001\u0000' },
    { content_type: '\uD800' },
  ]) {
    const o = await core.callTool('mqtt_establish_connection', { connection_string: b.url }, { caller: 'test' });
    if (!o.ok) throw o.error;
    const session_id = o.data.session_id;
    const topic = `p/${i++}`;
    const t = Date.now();
    const out = await core.callTool('mqtt_publish_message', { session_id, topic, payload: 'x', qos: 1, properties, timeout_seconds: 2 }, { caller: 'test' });
    await new Promise((r) => setTimeout(r, 300));
    const l = await core.callTool('mqtt_list_active_connections', {}, { caller: 'test' });
    console.log('CASE', JSON.stringify(properties), Date.now() - t, out.ok ? 'OK' : out.error.toText().slice(0, 120), JSON.stringify((l as any).data.sessions.find((s: any) => s.session_id === session_id)?.state), seen.includes(topic) ? 'DELIVERED' : 'not delivered');
    await core.callTool('mqtt_close_connection', { session_id }, { caller: 'test' });
  }
  await spy.endAsync();
  await core.close();
  await b.stop();
}, 120000);
