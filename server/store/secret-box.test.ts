// Unit tests of secret encryption and the key file.
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SecretBox } from './secret-box';
import { tempDir, useTempDir } from '../../test/fixtures/temp-store';

const t = useTempDir();

describe('SecretBox', () => {
  it('round-trips text in a versioned format, with a fresh IV each time', () => {
    const box = new SecretBox(t.dir);
    const a = box.encrypt('hunter2secret ✓');
    const b = box.encrypt('hunter2secret ✓');
    expect(a).toMatch(/^v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('hunter2');
    expect(box.decrypt(a)).toBe('hunter2secret ✓');
    expect(new SecretBox(t.dir).decrypt(b)).toBe('hunter2secret ✓');
    expect(box.decrypt(box.encrypt(''))).toBe('');
  });

  it('creates the key file with mode 0600 and tightens a looser one', () => {
    const box = new SecretBox(t.dir);
    box.encrypt('x');
    const keyPath = join(t.dir, 'secret.key');
    expect(statSync(keyPath).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(keyPath, 'utf8').trim(), 'base64')).toHaveLength(32);
    chmodSync(keyPath, 0o644);
    new SecretBox(t.dir).encrypt('y');
    expect(statSync(keyPath).mode & 0o777).toBe(0o600);
  });

  it('yields undefined, never throws, for a wrong key or a malformed blob', () => {
    const blob = new SecretBox(t.dir).encrypt('hunter2secret');
    const other = tempDir();
    try {
      expect(new SecretBox(other.dir).decrypt(blob)).toBeUndefined();
    } finally {
      other.cleanup();
    }
    const box = new SecretBox(t.dir);
    const [v, iv, tag, body] = blob.split(':');
    expect(box.decrypt(`${v}:${iv}:${tag}:${Buffer.from('tampered').toString('base64')}`)).toBe(
      undefined,
    );
    expect(box.decrypt(`v2:${iv}:${tag}:${body}`)).toBeUndefined();
    expect(box.decrypt('garbage')).toBeUndefined();
    expect(box.decrypt(null)).toBeUndefined();
  });

  it('refuses to use or overwrite a corrupt key file', () => {
    writeFileSync(join(t.dir, 'secret.key'), 'short\n', { mode: 0o600 });
    const box = new SecretBox(t.dir);
    expect(() => box.encrypt('x')).toThrow(/not a base64 32-byte key/);
    expect(box.decrypt('v1:a:b:c')).toBeUndefined();
    expect(readFileSync(join(t.dir, 'secret.key'), 'utf8')).toBe('short\n');
  });
});
