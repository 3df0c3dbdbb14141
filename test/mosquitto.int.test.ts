// Integration tests for the Mosquitto fixture: anonymous, auth, TLS, websockets, restart and parallel brokers.
import { afterEach, describe, expect, it } from 'vitest';
import { connectAsync, type IClientOptions, type MqttClient } from 'mqtt';
import {
  freePort,
  mosquittoAvailable,
  startMosquitto,
  type MosquittoBroker,
  type MosquittoOptions,
} from './mosquitto';

const brokers: MosquittoBroker[] = [];
const clients: MqttClient[] = [];

async function broker(opts?: MosquittoOptions): Promise<MosquittoBroker> {
  const started = await startMosquitto(opts);
  brokers.push(started);
  return started;
}

async function connect(url: string, opts: IClientOptions = {}): Promise<MqttClient> {
  const client = await connectAsync(
    url,
    { reconnectPeriod: 0, connectTimeout: 3_000, ...opts },
    false,
  );
  clients.push(client);
  return client;
}

async function connectError(url: string, opts: IClientOptions = {}): Promise<Error> {
  try {
    await connect(url, opts);
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the connection to be refused');
}

async function relay(publisher: MqttClient, subscriber: MqttClient, topic: string): Promise<void> {
  const received = new Promise<string>((resolve) => {
    subscriber.on('message', (t, payload) => {
      if (t === topic) resolve(payload.toString());
    });
  });
  await subscriber.subscribeAsync(topic, { qos: 1 });
  await publisher.publishAsync(topic, 'hello', { qos: 1 });
  await expect(received).resolves.toBe('hello');
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.endAsync(true)));
  await Promise.all(brokers.splice(0).map((b) => b.stop()));
});

describe.skipIf(!mosquittoAvailable())('mosquitto fixture', () => {
  it('starts an anonymous broker that relays messages between two clients', async () => {
    const b = await broker();
    expect(b.url).toBe(`mqtt://127.0.0.1:${b.port}`);
    expect(b.port).not.toBe(1883);
    expect(b.isRunning()).toBe(true);
    const publisher = await connect(b.url);
    const subscriber = await connect(b.url);
    await relay(publisher, subscriber, 'fixture/anon');
    expect(b.logText()).toContain('running');
  });

  it('refuses a bad password and accepts the right one', async () => {
    const auth = { username: 'alice', password: 's3cret' };
    const b = await broker({ auth });
    const refused = await connectError(b.url, { username: 'alice', password: 'wrong' });
    expect((refused as Error & { code?: number }).code).toBe(5);
    expect(refused.message).toMatch(/not authorized/i);
    const anonymous = await connectError(b.url);
    expect((anonymous as Error & { code?: number }).code).toBe(5);
    const client = await connect(b.url, auth);
    expect(client.connected).toBe(true);
  });

  it('serves TLS to a client that trusts the test CA and not to one that does not', async () => {
    const b = await broker({ tls: true });
    expect(b.url).toBe(`mqtts://127.0.0.1:${b.port}`);
    expect(b.tls?.ca).toContain('BEGIN CERTIFICATE');
    expect(b.tls?.clientCert).toBeUndefined();
    const trusted = await connect(b.url, { ca: b.tls?.ca });
    expect(trusted.connected).toBe(true);
    const viaHostname = await connect(`mqtts://localhost:${b.port}`, { ca: b.tls?.ca });
    expect(viaHostname.connected).toBe(true);
    const untrusted = await connectError(b.url);
    expect(`${(untrusted as Error & { code?: string }).code} ${untrusted.message}`).toMatch(
      /cert|self.signed|verify/i,
    );
  });

  it('requires a client certificate when asked to', async () => {
    const b = await broker({ tls: { requireClientCert: true } });
    const tls = b.tls;
    expect(tls?.clientCert).toContain('BEGIN CERTIFICATE');
    expect(tls?.clientKey).toContain('PRIVATE KEY');
    const client = await connect(b.url, {
      ca: tls?.ca,
      cert: tls?.clientCert,
      key: tls?.clientKey,
    });
    expect(client.connected).toBe(true);
    await expect(connect(b.url, { ca: tls?.ca })).rejects.toThrow(/certificate required/i);
  });

  it('adds a websockets listener that shares topics with the TCP listener', async () => {
    const b = await broker({ websockets: true });
    expect(b.wsUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    const wsClient = await connect(b.wsUrl ?? '');
    const tcpClient = await connect(b.url);
    await relay(wsClient, tcpClient, 'fixture/ws');
    const wsUrl = b.wsUrl;
    await b.stop();
    await b.start();
    expect(b.wsUrl).toBe(wsUrl);
    expect((await connect(b.wsUrl ?? '')).connected).toBe(true);
  });

  it('combines auth, client certificates and a plain websockets listener', async () => {
    const auth = { username: 'bob', password: 'pass word:with colon' };
    const b = await broker({ auth, tls: { requireClientCert: true }, websockets: true });
    const tls = b.tls;
    const tlsClient = await connect(b.url, {
      ...auth,
      ca: tls?.ca,
      cert: tls?.clientCert,
      key: tls?.clientKey,
    });
    const wsClient = await connect(b.wsUrl ?? '', auth);
    await relay(tlsClient, wsClient, 'fixture/combined');
    const refused = await connectError(b.wsUrl ?? '', { ...auth, password: 'nope' });
    expect((refused as Error & { code?: number }).code).toBe(5);
  });

  it('starts again on the same port after stop, and after kill', async () => {
    const b = await broker();
    const port = b.port;
    await connect(b.url);
    await b.stop();
    expect(b.isRunning()).toBe(false);
    await expect(connectError(b.url)).resolves.toBeInstanceOf(Error);
    await b.start();
    expect(b.port).toBe(port);
    expect(b.isRunning()).toBe(true);
    const publisher = await connect(b.url);
    const subscriber = await connect(b.url);
    await relay(publisher, subscriber, 'fixture/restart');
    await b.kill();
    expect(b.isRunning()).toBe(false);
    await b.start();
    expect((await connect(b.url)).connected).toBe(true);
  });

  it('reuses a given port and accepts a quiet log', async () => {
    const port = await freePort();
    const b = await broker({ port, debugLog: false });
    expect(b.port).toBe(port);
    expect((await connect(b.url)).connected).toBe(true);
    expect(b.logText()).toContain('running');
    expect(b.logText()).not.toContain('Sending CONNACK');
  });

  it('gives brokers started in parallel different ports and directories', async () => {
    const [a, c] = await Promise.all([broker(), broker({ tls: true })]);
    expect(a?.port).not.toBe(c?.port);
    expect(a?.dir).not.toBe(c?.dir);
    expect((await connect(a?.url ?? '')).connected).toBe(true);
    expect((await connect(c?.url ?? '', { ca: c?.tls?.ca })).connected).toBe(true);
  });

  it('fails with the broker log when the config is invalid', async () => {
    await expect(startMosquitto({ extraConfig: ['no_such_option 1'] })).rejects.toThrow(
      /no_such_option/,
    );
  });
});
