// Unit tests of finding episodes: a finding continuing over windows is kept once, again after a break or when worse.
import { describe, expect, it } from 'vitest';
import { EpisodeTracker } from './episodes';
import type { Finding, FindingSeverity } from './finding';

const finding = (device: string, severity: FindingSeverity = 'warning'): Finding => ({
  kind: 'flapping',
  severity,
  subject: { device, topic: `home/${device}/status` },
  summary: `${device} flaps`,
  evidence: {},
  suggestion: 'check it',
});

describe('EpisodeTracker', () => {
  it('begins an episode once while the finding continues, and a new one after a window without it', () => {
    const t = new EpisodeTracker();
    expect(t.update([finding('plug-1')], 1000).begun).toHaveLength(1);
    expect(t.update([finding('plug-1'), finding('plug-1')], 2000).begun).toEqual([]);
    const gap = t.update([], 3000);
    expect(gap.begun).toEqual([]);
    expect(gap.ended).toEqual([
      {
        key: expect.stringContaining('plug-1'),
        episode: { startedMs: 1000, lastMs: 2000, severity: 'warning', windows: 2 },
      },
    ]);
    expect(t.update([finding('plug-1')], 4000).begun).toHaveLength(1);
    expect(t.size).toBe(1);
  });

  it('keeps a finding again when it gets worse, not when it gets milder', () => {
    const t = new EpisodeTracker();
    t.update([finding('plug-1', 'info')], 1000);
    expect(t.update([finding('plug-1', 'critical')], 2000).begun).toHaveLength(1);
    expect(t.update([finding('plug-1', 'warning')], 3000).begun).toEqual([]);
  });

  it('tells subjects apart: another device is another episode', () => {
    const t = new EpisodeTracker();
    t.update([finding('plug-1')], 1000);
    const next = t.update([finding('plug-1'), finding('plug-2')], 2000);
    expect(next.begun.map((f) => f.subject.device)).toEqual(['plug-2']);
  });
});
