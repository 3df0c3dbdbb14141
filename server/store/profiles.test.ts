// Unit tests of saved broker profiles: CRUD, validation, write-only encrypted secrets.
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isToolError } from '../errors';
import { Store } from './store';
import { silentLog, tempDir, useTempStore } from '../../test/fixtures/temp-store';

const SECRET = 'hunter2secret';
const KEY_PEM = `-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleS1ib2R5\n-----END PRIVATE KEY-----\n`;
const CERT_PEM = `-----BEGIN CERTIFICATE-----\nY2VydA==\n-----END CERTIFICATE-----\n`;

const t = useTempStore();

function expectInvalid(fn: () => unknown, field: string): void {
  try {
    fn();
    expect.unreachable();
  } catch (err) {
    expect(isToolError(err, 'INVALID_INPUT')).toBe(true);
    expect((err as Error).message.startsWith(`${field}:`)).toBe(true);
  }
}

describe('ProfileRepo', () => {
  it('creates, lists, gets, updates and removes', () => {
    const view = t.store.profiles.create({
      name: 'Home broker',
      connection_string: 'mqtt://home.lan:1884',
      username: 'alice',
      protocol_version: 5,
    });
    expect(view).toMatchObject({
      name: 'Home broker',
      connection_string: 'mqtt://home.lan:1884',
      username: 'alice',
      has_password: false,
      protocol_version: 5,
      client_id: null,
      has_tls_key: false,
      reject_unauthorized: true,
    });
    expect(t.store.profiles.list()).toEqual([view]);
    expect(t.store.profiles.get(view.id)).toEqual(view);
    expect(t.store.profiles.names()).toEqual(['Home broker']);

    const changed = t.store.profiles.update(view.id, { client_id: 'probe-1', username: '' });
    expect(changed.client_id).toBe('probe-1');
    expect(changed.username).toBeNull();
    expect(changed.protocol_version).toBe(5);
    expect(changed.created_at).toBe(view.created_at);

    expect(t.store.profiles.remove(view.id)).toBe(true);
    expect(t.store.profiles.remove(view.id)).toBe(false);
    expect(t.store.profiles.get(view.id)).toBeUndefined();
    expect(t.store.profiles.list()).toEqual([]);
  });

  it('keeps the record flag (off by default), lists recorded profiles and validates the flag', () => {
    const a = t.store.profiles.create({ name: 'a', connection_string: 'mqtt://a' });
    const b = t.store.profiles.create({ name: 'b', connection_string: 'mqtt://b', record: true });
    expect([a.record, b.record]).toEqual([false, true]);
    expect(t.store.profiles.recorded().map((p) => p.name)).toEqual(['b']);
    expect(t.store.profiles.update(a.id, { record: true }).record).toBe(true);
    expect(t.store.profiles.update(a.id, { client_id: 'x' }).record).toBe(true);
    expect(t.store.profiles.update(b.id, { record: false }).record).toBe(false);
    expect(t.store.profiles.recorded().map((p) => p.name)).toEqual(['a']);
    expect(() => t.store.profiles.update(a.id, { record: 'yes' as unknown as boolean })).toThrow(
      /record: expected true or false/,
    );
  });

  it('rejects a duplicate name (case-insensitive) naming "name"', () => {
    const a = t.store.profiles.create({ name: 'lab', connection_string: 'mqtt://a' });
    const b = t.store.profiles.create({ name: 'lab-2', connection_string: 'mqtt://b' });
    expectInvalid(
      () => t.store.profiles.create({ name: 'LAB', connection_string: 'mqtt://c' }),
      'name',
    );
    expectInvalid(() => t.store.profiles.update(b.id, { name: 'lab' }), 'name');
    expect(t.store.profiles.update(a.id, { name: 'Lab' }).name).toBe('Lab');
  });

  it('validates fields and names the offending one', () => {
    expectInvalid(
      () => t.store.profiles.create({ name: '', connection_string: 'mqtt://a' }),
      'name',
    );
    expectInvalid(
      () => t.store.profiles.create({ name: 'bad/name', connection_string: 'mqtt://a' }),
      'name',
    );
    expectInvalid(
      () => t.store.profiles.create({ name: 'x'.repeat(65), connection_string: 'mqtt://a' }),
      'name',
    );
    expectInvalid(
      () => t.store.profiles.create({ name: 'ok', connection_string: 'http://a' }),
      'connection_string',
    );
    expectInvalid(
      () =>
        t.store.profiles.create({
          name: 'ok',
          connection_string: 'mqtt://a',
          protocol_version: 3 as 4,
        }),
      'protocol_version',
    );
    expectInvalid(
      () =>
        t.store.profiles.create({ name: 'ok', connection_string: 'mqtts://a', tls_cert: CERT_PEM }),
      'tls_key',
    );
    expectInvalid(
      () => t.store.profiles.create({ name: 'ok', connection_string: 'mqtts://a', tls_ca: 'nope' }),
      'tls_ca',
    );
    expect(t.store.profiles.list()).toEqual([]);
  });

  it('throws NOT_FOUND when updating an unknown id', () => {
    try {
      t.store.profiles.update('missing', { client_id: 'x' });
      expect.unreachable();
    } catch (err) {
      expect(isToolError(err, 'NOT_FOUND')).toBe(true);
    }
  });

  it('moves a password out of the connection string into the encrypted secret', () => {
    const view = t.store.profiles.create({
      name: 'secure',
      connection_string: `mqtts://bob:${SECRET}@broker.example:8883/probe`,
    });
    expect(view.connection_string).toBe('mqtts://bob@broker.example:8883/probe');
    expect(view.has_password).toBe(true);
    expect(JSON.stringify(view)).not.toContain(SECRET);
    expect(JSON.stringify(t.store.profiles.list())).not.toContain(SECRET);
    expect(JSON.stringify(t.store.profiles.get(view.id))).not.toContain(SECRET);
    expect(t.store.profiles.resolve('SECURE')).toEqual({
      name: 'secure',
      connectionString: 'mqtts://bob@broker.example:8883/probe',
      password: SECRET,
    });
    t.store.close();
    const bytes = readFileSync(join(t.dir, 'mqtt-mcp.db'), 'latin1');
    expect(bytes).not.toContain(SECRET);
    expect(bytes).toContain('broker.example');
    t.store = Store.open(t.dir, silentLog);
  });

  it('keeps an omitted secret, replaces a given one and clears an empty one', () => {
    const view = t.store.profiles.create({
      name: 'tls',
      connection_string: 'mqtts://broker',
      password: SECRET,
      tls_ca: CERT_PEM,
      tls_cert: CERT_PEM,
      tls_key: KEY_PEM,
      reject_unauthorized: false,
    });
    expect(view).toMatchObject({ has_password: true, has_tls_key: true, tls_ca: CERT_PEM });
    expect(JSON.stringify(view)).not.toContain('c2VjcmV0LWtleS1ib2R5');
    expect(t.store.profiles.resolve('tls')?.tls).toEqual({
      ca: CERT_PEM,
      cert: CERT_PEM,
      key: KEY_PEM,
      rejectUnauthorized: false,
    });

    t.store.profiles.update(view.id, { connection_string: 'mqtts://broker2', client_id: 'c' });
    expect(t.store.profiles.resolve('tls')).toMatchObject({
      connectionString: 'mqtts://broker2:8883',
      password: SECRET,
      clientId: 'c',
    });

    t.store.profiles.update(view.id, { password: 'other-pass' });
    expect(t.store.profiles.resolve('tls')?.password).toBe('other-pass');

    const cleared = t.store.profiles.update(view.id, { password: '', tls_key: '', tls_cert: '' });
    expect(cleared).toMatchObject({ has_password: false, has_tls_key: false, tls_cert: null });
    const resolved = t.store.profiles.resolve('tls');
    expect(resolved?.password).toBeUndefined();
    expect(resolved?.tls).toEqual({ ca: CERT_PEM, rejectUnauthorized: false });
  });

  it('returns undefined for an unknown name', () => {
    expect(t.store.profiles.resolve('nothing')).toBeUndefined();
  });

  it('yields no secret from a database copied without its key file', () => {
    t.store.profiles.create({
      name: 'copied',
      connection_string: `mqtt://bob:${SECRET}@h`,
      tls_cert: CERT_PEM,
      tls_key: KEY_PEM,
    });
    t.store.close();
    const elsewhere = tempDir();
    try {
      copyFileSync(join(t.dir, 'mqtt-mcp.db'), join(elsewhere.dir, 'mqtt-mcp.db'));
      const copy = Store.open(elsewhere.dir, silentLog);
      try {
        expect(copy.profiles.list().map((p) => [p.name, p.has_password])).toEqual([
          ['copied', true],
        ]);
        const resolved = copy.profiles.resolve('copied');
        expect(resolved?.connectionString).toBe('mqtt://bob@h:1883');
        expect(resolved?.password).toBeUndefined();
        expect(resolved?.tls?.key).toBeUndefined();
        expect(JSON.stringify(resolved)).not.toContain(SECRET);
      } finally {
        copy.close();
      }
    } finally {
      elsewhere.cleanup();
    }
    t.store = Store.open(t.dir, silentLog);
    expect(t.store.profiles.resolve('copied')?.password).toBe(SECRET);
  });
});
