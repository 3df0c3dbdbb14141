// Unit tests of the mixed-formats detector: JSON, text and binary on one topic; one format is fine.
import { describe, expect, it } from 'vitest';
import { every, ob, run, T0 } from '../../../test/fixtures/observations';
import { detectMixedFormats } from './mixed-formats';

describe('detectMixedFormats', () => {
  it('names a topic switching between JSON, text and garbage', () => {
    const obs = [
      ...every('lab/scale-2/weight', 6, 1000, (i) => ({ g: 100 + i })),
      ob('lab/scale-2/weight', 'weight=104g', T0 + 6500),
      ob('lab/scale-2/weight', '{"g": 10', T0 + 7000),
      ob('lab/scale-2/weight', new Uint8Array([0xff, 0x00, 0x13, 0x88]), T0 + 7500),
    ];
    const [f] = run(detectMixedFormats, obs);
    expect(f?.kind).toBe('mixed_formats');
    expect(f?.subject.device).toBe('scale-2');
    expect(f?.evidence).toMatchObject({ json: 6, text: 1, broken_json: 1, binary: 1 });
    expect(f?.summary).toMatch(/6 JSON, 1 text, 1 broken JSON, 1 binary of 9/);
  });

  it('accepts one format per topic, plain numbers with text states, and few messages', () => {
    expect(
      run(detectMixedFormats, [
        ...every('lab/scale-3/weight', 8, 1000, (i) => ({ g: 100 + i })),
        ...every('lab/door/state', 8, 1000, (i) => (i % 2 ? 'open' : 'closed')),
        ...every('lab/meter/watts', 8, 1000, (i) => (i === 4 ? 'unavailable' : 100 + i)),
        ob('lab/scale-4/weight', { g: 1 }, T0),
        ob('lab/scale-4/weight', 'x', T0 + 1),
      ]),
    ).toEqual([]);
  });
});
