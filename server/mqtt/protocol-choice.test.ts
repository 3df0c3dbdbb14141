// Unit tests of the protocol choice: which failures mean "not MQTT 5", and the auto fallback order.
import { describe, expect, it } from 'vitest';
import { BOTH_FAILED_NOTE, FELL_BACK_NOTE, negotiate, refusedMqtt5 } from './protocol-choice';

/** An attempt that records the versions it was asked for and answers from a table. */
function attempts(answers: Record<4 | 5, string | Error>) {
  const asked: number[] = [];
  const attempt = async (version: 4 | 5) => {
    asked.push(version);
    const answer = answers[version];
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return { asked, attempt };
}

const refusedWhen =
  (bad: string) =>
  (outcome: { value: string } | { error: unknown }): boolean =>
    'error' in outcome ? (outcome.error as Error).message === bad : outcome.value === bad;

describe('refusedMqtt5', () => {
  it.each([
    [{ reasonCode: 1 }, true],
    [{ reasonCode: 0x84 }, true],
    [{ closedBeforeConnack: true }, true],
    [{ causeCode: 'ECONNRESET' }, true],
    [{ causeCode: 'EPIPE' }, true],
    [{ reasonCode: 0x86 }, false],
    [{ reasonCode: 5 }, false],
    [{ reasonCode: 0x87, closedBeforeConnack: true }, false],
    [{ causeCode: 'ECONNREFUSED' }, false],
    [{ causeCode: 'ENOTFOUND' }, false],
    [{}, false],
  ])('%j -> %s', (failure, expected) => {
    expect(refusedMqtt5(failure)).toBe(expected);
  });
});

describe('negotiate', () => {
  it('uses a fixed version alone, even when the broker refuses it', async () => {
    const { asked, attempt } = attempts({ 5: new Error('refused'), 4: 'v4' });
    await expect(negotiate(5, attempt, refusedWhen('refused'))).rejects.toThrow('refused');
    expect(asked).toEqual([5]);
    const four = attempts({ 5: 'v5', 4: 'v4' });
    expect(await negotiate(4, four.attempt, refusedWhen('refused'))).toEqual({
      value: 'v4',
      version: 4,
    });
    expect(four.asked).toEqual([4]);
  });

  it('auto: MQTT 5 when it works, without a note', async () => {
    const { asked, attempt } = attempts({ 5: 'v5', 4: 'v4' });
    expect(await negotiate('auto', attempt, refusedWhen('refused'))).toEqual({
      value: 'v5',
      version: 5,
    });
    expect(asked).toEqual([5]);
  });

  it('auto: falls back to 3.1.1 when 5 is refused (thrown or returned), saying so', async () => {
    const thrown = attempts({ 5: new Error('refused'), 4: 'v4' });
    expect(await negotiate('auto', thrown.attempt, refusedWhen('refused'))).toEqual({
      value: 'v4',
      version: 4,
      note: FELL_BACK_NOTE,
    });
    expect(thrown.asked).toEqual([5, 4]);
    const returned = attempts({ 5: 'refused', 4: 'v4' });
    expect((await negotiate('auto', returned.attempt, refusedWhen('refused'))).note).toBe(
      FELL_BACK_NOTE,
    );
  });

  it('auto: another failure of 5 is final (no second attempt)', async () => {
    const { asked, attempt } = attempts({ 5: new Error('auth failed'), 4: 'v4' });
    await expect(negotiate('auto', attempt, refusedWhen('refused'))).rejects.toThrow('auth failed');
    expect(asked).toEqual([5]);
  });

  it('auto: when 3.1.1 fails the same way, the note says the version is not the cause', async () => {
    const returned = attempts({ 5: 'refused', 4: 'refused' });
    expect(await negotiate('auto', returned.attempt, refusedWhen('refused'))).toEqual({
      value: 'refused',
      version: 4,
      note: BOTH_FAILED_NOTE,
    });
    const thrown = attempts({ 5: new Error('refused'), 4: new Error('refused') });
    await expect(negotiate('auto', thrown.attempt, refusedWhen('refused'))).rejects.toThrow(
      'refused',
    );
    expect(thrown.asked).toEqual([5, 4]);
  });
});
