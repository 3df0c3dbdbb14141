import { it } from 'vitest';
import pino from 'pino';
import { loadConfig } from '../../server/config';
import { Core } from '../../server/core';
import { startMosquitto } from '../mosquitto';
it('probe', async () => {
  const b = await startMosquitto({ debugLog: false });
  const core = new Core(loadConfig({ LOG_LEVEL: 'silent' }), pino({ level: 'silent' }));
  const bad = '-----BEGIN CERTIFICATE-----\nnot a certificate\n-----END CERTIFICATE-----\n';
  for (const args of [
    { connection_string: b.url, tls_cert: bad, tls_key: bad },
    { connection_string: b.url.replace('mqtt:', 'mqtts:'), tls_ca: bad },
    { connection_string: b.url.replace('mqtt:', 'mqtts:'), tls_ca: 'garbage' },
    { connection_string: b.url.replace('mqtt:', 'mqtts:'), tls_cert: 'x', tls_key: 'y' },
  ]) {
    const out = await core.callTool('mqtt_establish_connection', { ...args, connect_timeout_seconds: 2 }, { caller: 'test' });
    console.log(JSON.stringify(args).slice(0, 80), out.ok ? 'OK' : out.error.toText(), out.ok ? '' : (out.error.cause as Error)?.stack);
  }
  for (const args of [
    { connection_string: b.url.replace('mqtt:', 'mqtts:'), tls_ca: bad, timeout_seconds: 2 },
  ]) {
    const out = await core.callTool('mqtt_test_connection', args, { caller: 'test' });
    console.log('test_connection', out.ok ? JSON.stringify(out.data).slice(0, 300) : out.error.toText(), out.ok ? '' : (out.error.cause as Error)?.stack);
  }
  await core.close();
  await b.stop();
});
