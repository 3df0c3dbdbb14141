// Unit tests of the session labels of the Performance charts.
import { describe, expect, it } from 'vitest';
import { sessionLabels } from './series-labels';

describe('sessionLabels', () => {
  it('labels by broker and profile, adding a short id only where two sessions read alike', () => {
    const labels = sessionLabels([
      { session_id: 'aaaaaaaa-1', broker: 'mqtt://a:1883', profile: null },
      { session_id: 'bbbbbbbb-2', broker: 'mqtt://a:1883', profile: null },
      { session_id: 'cccccccc-3', broker: 'mqtt://b:1883', profile: 'plant' },
    ]);
    expect([...labels.values()]).toEqual([
      'mqtt://a:1883 #aaaaaaaa',
      'mqtt://a:1883 #bbbbbbbb',
      'plant · mqtt://b:1883',
    ]);
  });
});
