// Unit tests of the error-message detector: error topics and payloads are named, ordinary ones are not.
import { describe, expect, it } from 'vitest';
import { every, ob, run, T0 } from '../../../test/fixtures/observations';
import { detectErrorMessages } from './error-messages';

describe('detectErrorMessages', () => {
  it('names a device reporting errors, and one with only warnings as info', () => {
    const findings = run(detectErrorMessages, [
      ...every('site/pump-7/error', 3, 1000, () => ({ level: 'error', code: 'E42' })),
      ob('site/pump-8/events', { level: 'warning', code: 'W17' }, T0),
    ]);
    expect(findings.map((f) => [f.subject.device, f.severity, f.evidence.errors])).toEqual([
      ['pump-7', 'warning', 3],
      ['pump-8', 'info', 0],
    ]);
    expect(findings[0]?.summary).toMatch(
      /3 error message\(s\), the latest \{"level":"error","code":"E42"\}/,
    );
  });

  it('ignores ordinary payloads and negated words', () => {
    expect(
      run(detectErrorMessages, [
        ...every('site/pump-9/state', 3, 1000, (i) => ({ rpm: 1400 + i, error: null })),
        ob('site/pump-9/log', 'no error', T0),
        ob('site/pump-9/stats', { error_count: 0 }, T0),
      ]),
    ).toEqual([]);
  });
});
