// Unit tests of trusted proxy address matching.
import { describe, expect, it } from 'vitest';
import { normalizeAddress, TrustedProxies } from './trusted-proxies';

describe('TrustedProxies', () => {
  it('trusts configured IP literals, also IPv4-mapped', async () => {
    const t = new TrustedProxies(['172.18.0.5', 'fd00::7']);
    await t.refresh();
    expect(t.has('172.18.0.5')).toBe(true);
    expect(t.has('::ffff:172.18.0.5')).toBe(true);
    expect(t.has('FD00::7')).toBe(true);
    expect(t.has('172.18.0.6')).toBe(false);
    expect(t.has(null)).toBe(false);
  });

  it('resolves host names and skips names that do not resolve', async () => {
    const t = new TrustedProxies(['localhost', 'no-such-proxy.invalid']);
    await t.refresh();
    expect(t.has('127.0.0.1')).toBe(true);
    expect(t.has('10.0.0.1')).toBe(false);
  });

  it('trusts nobody without configured names', async () => {
    const t = new TrustedProxies([]);
    await t.refresh();
    expect(t.has('127.0.0.1')).toBe(false);
    expect(normalizeAddress('::FFFF:10.1.2.3')).toBe('10.1.2.3');
  });
});
