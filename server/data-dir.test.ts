// Unit tests of the data directory and token file: modes, symlinks refused, nothing written through a link.
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataDirError, loadOrCreateToken, secureDataDir, TOKEN_FILE } from './data-dir';

const mode = (path: string) => statSync(path).mode & 0o777;
const scratch = () => mkdtempSync(join(tmpdir(), 'mqtt-mcp-datadir-'));

describe('secureDataDir', () => {
  it('creates a missing directory with mode 0700', () => {
    const dir = join(scratch(), 'nested', 'data');
    expect(secureDataDir(dir)).toEqual([]);
    expect(mode(dir)).toBe(0o700);
  });

  it('tightens a world-writable directory to 0700 and says so', () => {
    // Security fix: a 0777 data dir was kept as it was.
    const dir = scratch();
    chmodSync(dir, 0o777);
    expect(secureDataDir(dir)).toEqual([`data directory ${dir} had mode 0777; changed to 0700`]);
    expect(mode(dir)).toBe(0o700);
  });

  it('refuses a path that is a file', () => {
    const file = join(scratch(), 'file');
    writeFileSync(file, 'x');
    expect(() => secureDataDir(file)).toThrow(DataDirError);
  });
});

describe('loadOrCreateToken', () => {
  it('generates a token into a new 0600 file and reads the same one back', () => {
    const dir = scratch();
    const first = loadOrCreateToken(dir);
    expect(first.created).toBe(true);
    expect(first.token.length).toBeGreaterThanOrEqual(16);
    expect(mode(join(dir, TOKEN_FILE))).toBe(0o600);
    const again = loadOrCreateToken(dir);
    expect(again).toEqual({ token: first.token, created: false, notes: [] });
  });

  it('tightens a 0644 token file to 0600 and says so', () => {
    // Security fix: a 0644 token was kept readable by every user.
    const dir = scratch();
    writeFileSync(join(dir, TOKEN_FILE), 'an-existing-token-value-123\n', { mode: 0o644 });
    chmodSync(join(dir, TOKEN_FILE), 0o644);
    const loaded = loadOrCreateToken(dir);
    expect(loaded.token).toBe('an-existing-token-value-123');
    expect(loaded.notes[0]).toMatch(/had mode 0644; changed to 0600/);
    expect(mode(join(dir, TOKEN_FILE))).toBe(0o600);
  });

  it('refuses a token file planted as a symlink: neither read nor written through', () => {
    // Security fix: a planted `token -> attacker's file` was adopted as the hub's token.
    const dir = scratch();
    const planted = join(scratch(), 'known-token');
    writeFileSync(planted, 'attacker-known-token-value\n');
    symlinkSync(planted, join(dir, TOKEN_FILE));
    expect(() => loadOrCreateToken(dir)).toThrow(/is a symbolic link/);
    // A dangling link (to where the attacker would read a token written through it) too.
    const dir2 = scratch();
    const target = join(scratch(), 'collect-here');
    symlinkSync(target, join(dir2, TOKEN_FILE));
    expect(() => loadOrCreateToken(dir2)).toThrow(DataDirError);
    expect(() => readFileSync(target)).toThrow(/ENOENT/);
    expect(readFileSync(planted, 'utf8')).toBe('attacker-known-token-value\n');
  });

  it('refuses a token path that is a directory, and replaces a too short token', () => {
    const dir = scratch();
    mkdirSync(join(dir, TOKEN_FILE));
    expect(() => loadOrCreateToken(dir)).toThrow(/not a regular file/);
    const dir2 = scratch();
    writeFileSync(join(dir2, TOKEN_FILE), 'short\n', { mode: 0o600 });
    const replaced = loadOrCreateToken(dir2);
    expect(replaced.created).toBe(true);
    expect(replaced.token).not.toBe('short');
    expect(mode(join(dir2, TOKEN_FILE))).toBe(0o600);
  });
});
