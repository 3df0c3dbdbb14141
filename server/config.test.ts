// Unit tests of configuration parsing: defaults, booleans, lists, empty values and error listing.
import { describe, expect, it } from 'vitest';
import {
  configSchema,
  hubSocketFromUrl,
  hubSocketPath,
  loadConfig as loadConfigFromEnv,
  maxRequestBytes,
} from './config';

// Next.js types make NODE_ENV a required ProcessEnv key; these tests pass plain variable maps.
function loadConfig(vars: Record<string, string>) {
  return loadConfigFromEnv(vars as NodeJS.ProcessEnv);
}

function configError(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof Error) return err.message;
    throw err;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be rejected`);
}

describe('loadConfig: defaults', () => {
  it('applies every documented default to an empty environment', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(8091);
    expect(c.HOST).toBe('0.0.0.0');
    expect(c.MQTT_MCP_DATA_DIR).toBe('./data');
    expect(c.MQTT_MCP_MAX_SESSIONS).toBe(5);
    expect(c.MQTT_MCP_SESSION_TTL_SECONDS).toBe(3600);
    expect(c.MQTT_MCP_CONNECT_TIMEOUT_SECONDS).toBe(30);
    expect(c.MQTT_MCP_MAX_PAYLOAD_BYTES).toBe(1_048_576);
    expect(c.MQTT_MCP_READ_ONLY).toBe(false);
    expect(c.MQTT_MCP_PUBLISH_ALLOW).toEqual([]);
    expect(c.MQTT_MCP_ALLOWED_HOSTS).toEqual([]);
    expect(c.MQTT_MCP_DEMO_BROKER).toBe(false);
    expect(c.MQTT_MCP_TRUSTED_PROXY).toEqual([]);
    expect(c.MQTT_MCP_JOURNAL_RETENTION_DAYS).toBe(7);
    expect(c.MQTT_MCP_SWEEP_SECONDS).toBe(60);
    expect(c.LOG_LEVEL).toBe('info');
    expect(c.MQTT_MCP_HUB_URL).toBeUndefined();
    expect(c.MQTT_MCP_TOKEN).toBeUndefined();
    expect(c.MQTT_MCP_DEFAULT_BROKER).toBeUndefined();
    expect(c.MQTT_MCP_MAX_REQUEST_BYTES).toBeUndefined();
    expect(c.MQTT_MCP_MAX_HTTP_SESSIONS).toBe(100);
    expect(c.MQTT_MCP_MAX_STREAMS).toBe(64);
    expect(c.MQTT_MCP_MAX_PROBES).toBe(8);
  });

  it('derives the request size cap from the payload limit unless it is set', () => {
    expect(maxRequestBytes(loadConfig({}))).toBe(3 * 1024 * 1024);
    expect(maxRequestBytes(loadConfig({ MQTT_MCP_MAX_PAYLOAD_BYTES: '4194304' }))).toBe(
      9 * 1024 * 1024,
    );
    expect(maxRequestBytes(loadConfig({ MQTT_MCP_MAX_REQUEST_BYTES: '65536' }))).toBe(65_536);
    expect(configError({ MQTT_MCP_MAX_REQUEST_BYTES: '100' })).toMatch(
      /MQTT_MCP_MAX_REQUEST_BYTES/,
    );
  });

  it('ignores variables it does not know', () => {
    const c = loadConfig({ PATH: '/usr/bin', MQTT_MCP_UNKNOWN: 'x' });
    expect(c).toEqual(loadConfig({}));
    expect(Object.keys(c)).not.toContain('PATH');
  });

  it('treats empty strings as unset', () => {
    const env = Object.fromEntries(Object.keys(configSchema.shape).map((k) => [k, '']));
    expect(loadConfig(env)).toEqual(loadConfig({}));
  });
});

describe('loadConfig: values', () => {
  it('coerces integers, trimming surrounding spaces', () => {
    const c = loadConfig({
      PORT: '9000',
      MQTT_MCP_MAX_SESSIONS: ' 12 ',
      MQTT_MCP_SESSION_TTL_SECONDS: '10',
      MQTT_MCP_MAX_PAYLOAD_BYTES: '268435456',
    });
    expect(c.PORT).toBe(9000);
    expect(c.MQTT_MCP_MAX_SESSIONS).toBe(12);
    expect(c.MQTT_MCP_SESSION_TTL_SECONDS).toBe(10);
    expect(c.MQTT_MCP_MAX_PAYLOAD_BYTES).toBe(256 * 1024 * 1024);
  });

  it.each(['1', 'true', 'yes', 'on'])('reads %j as true', (v) => {
    const c = loadConfig({
      MQTT_MCP_READ_ONLY: v,
      MQTT_MCP_DEMO_BROKER: v,
    });
    expect(c.MQTT_MCP_READ_ONLY).toBe(true);
    expect(c.MQTT_MCP_DEMO_BROKER).toBe(true);
  });

  it.each(['0', 'false', 'no', 'off'])('reads %j as false', (v) => {
    expect(loadConfig({ MQTT_MCP_READ_ONLY: v }).MQTT_MCP_READ_ONLY).toBe(false);
  });

  it.each(['maybe', '2', 'TRUE', 'Yes'])('rejects the boolean %j (only lower-case words)', (v) => {
    const message = configError({ MQTT_MCP_READ_ONLY: v });
    expect(message).toContain('MQTT_MCP_READ_ONLY');
  });

  it('splits comma lists, trims items and drops empty ones', () => {
    const c = loadConfig({
      MQTT_MCP_PUBLISH_ALLOW: ' home/# , lab/+/cmd ,, ,test ',
      MQTT_MCP_ALLOWED_HOSTS: 'localhost,mqtt.example.com',
    });
    expect(c.MQTT_MCP_PUBLISH_ALLOW).toEqual(['home/#', 'lab/+/cmd', 'test']);
    expect(c.MQTT_MCP_ALLOWED_HOSTS).toEqual(['localhost', 'mqtt.example.com']);
    expect(loadConfig({ MQTT_MCP_PUBLISH_ALLOW: ' , ' }).MQTT_MCP_PUBLISH_ALLOW).toEqual([]);
  });

  it('accepts http and https hub URLs', () => {
    expect(loadConfig({ MQTT_MCP_HUB_URL: 'http://hub.local:8080' }).MQTT_MCP_HUB_URL).toBe(
      'http://hub.local:8080',
    );
    expect(loadConfig({ MQTT_MCP_HUB_URL: 'https://hub.example.com/api' }).MQTT_MCP_HUB_URL).toBe(
      'https://hub.example.com/api',
    );
  });

  it('accepts a unix: hub address and reads its socket path', () => {
    for (const url of ['unix:/data/hub.sock', 'unix:///data/hub.sock']) {
      const c = loadConfig({ MQTT_MCP_HUB_URL: url });
      expect(c.MQTT_MCP_HUB_URL).toBe(url);
      expect(hubSocketFromUrl(c.MQTT_MCP_HUB_URL)).toBe('/data/hub.sock');
    }
    expect(hubSocketFromUrl('unix:run/hub.sock')).toBe('run/hub.sock');
    expect(hubSocketFromUrl('http://hub.local:8091')).toBeUndefined();
    expect(hubSocketFromUrl(undefined)).toBeUndefined();
  });

  it('puts the hub socket in the data dir unless MQTT_MCP_HUB_SOCKET says otherwise', () => {
    expect(hubSocketPath(loadConfig({ MQTT_MCP_DATA_DIR: '/data' }))).toBe('/data/hub.sock');
    expect(hubSocketPath(loadConfig({ MQTT_MCP_DATA_DIR: '/data/' }))).toBe('/data/hub.sock');
    expect(hubSocketPath(loadConfig({ MQTT_MCP_DATA_DIR: './data' }))).toBe(
      `${process.cwd()}/data/hub.sock`,
    );
    expect(hubSocketPath(loadConfig({ MQTT_MCP_HUB_SOCKET: '/run/mqtt-mcp.sock' }))).toBe(
      '/run/mqtt-mcp.sock',
    );
    expect(hubSocketPath(loadConfig({ MQTT_MCP_HUB_SOCKET: 'off' }))).toBeUndefined();
  });

  it('accepts a token of exactly 16 characters', () => {
    expect(loadConfig({ MQTT_MCP_TOKEN: '0123456789abcdef' }).MQTT_MCP_TOKEN).toBe(
      '0123456789abcdef',
    );
  });

  it('accepts every log level', () => {
    for (const level of ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) {
      expect(loadConfig({ LOG_LEVEL: level }).LOG_LEVEL).toBe(level);
    }
  });
});

describe('loadConfig: errors', () => {
  it('lists every invalid variable in one Error', () => {
    const message = configError({ PORT: 'abc', MQTT_MCP_MAX_SESSIONS: '0' });
    expect(message.startsWith('invalid configuration:')).toBe(true);
    expect(message).toMatch(/^ {2}PORT: /m);
    expect(message).toMatch(/^ {2}MQTT_MCP_MAX_SESSIONS: /m);
    expect(message.split('\n')).toHaveLength(3);
  });

  it.each([
    ['PORT', '0'],
    ['PORT', '65536'],
    ['PORT', '1.5'],
    ['MQTT_MCP_MAX_SESSIONS', '101'],
    ['MQTT_MCP_SESSION_TTL_SECONDS', '9'],
    ['MQTT_MCP_SESSION_TTL_SECONDS', String(7 * 24 * 3600 + 1)],
    ['MQTT_MCP_CONNECT_TIMEOUT_SECONDS', '301'],
    ['MQTT_MCP_MAX_PAYLOAD_BYTES', '0'],
    ['MQTT_MCP_JOURNAL_RETENTION_DAYS', '3651'],
    ['MQTT_MCP_SWEEP_SECONDS', '-1'],
    ['LOG_LEVEL', 'verbose'],
  ])('rejects %s=%j and names it', (key, value) => {
    expect(configError({ [key]: value })).toMatch(new RegExp(`^ {2}${key}: `, 'm'));
  });

  it.each(['ftp://hub.local', 'ws://hub.local', 'not a url', 'hub.local', 'unix:', 'unix://'])(
    'rejects the hub address %j',
    (url) => {
      expect(configError({ MQTT_MCP_HUB_URL: url })).toContain('MQTT_MCP_HUB_URL');
    },
  );

  it('rejects a token shorter than 16 characters without echoing it', () => {
    const message = configError({ MQTT_MCP_TOKEN: 'short-s3cret' });
    expect(message).toContain('MQTT_MCP_TOKEN: must be at least 16 characters');
    expect(message).not.toContain('short-s3cret');
  });
});
