// Unit tests of confirmation tokens: bound to their subject, expiring, not forgeable.
import { describe, expect, it } from 'vitest';
import { isToolError } from '../../errors';
import { checkConfirm, CONFIRM_TTL_MS, issueConfirm } from './confirm-token';

function refusal(token: string, subject: string, nowMs?: number): string | undefined {
  try {
    checkConfirm(token, subject, nowMs);
    return undefined;
  } catch (err) {
    return isToolError(err, 'INVALID_INPUT') ? err.message : 'other error';
  }
}

describe('confirmation tokens', () => {
  it('accept exactly the subject they were issued for, until they expire', () => {
    const now = Date.now();
    const token = issueConfirm('clear\ns\na/b\tX', now);
    expect(refusal(token, 'clear\ns\na/b\tX', now + 1000)).toBeUndefined();
    expect(refusal(token, 'clear\ns\na/b\tY', now)).toMatch(/does not match/);
    expect(refusal(token, 'clear\ns\na/b\tX', now + CONFIRM_TTL_MS + 1)).toMatch(/expired/);
  });

  it('refuse forged and malformed tokens', () => {
    const token = issueConfirm('s');
    const [stamp] = token.split('.');
    expect(refusal(`${stamp}.AAAAAAAAAAAAAAAAAAAAAA`, 's')).toMatch(/does not match/);
    expect(refusal('zz.', 's')).toMatch(/does not match/);
    expect(refusal('', 's')).toMatch(/does not match/);
    const later = `${(parseInt(stamp ?? '0', 36) + 60_000).toString(36)}.${token.split('.')[1]}`;
    expect(refusal(later, 's')).toMatch(/does not match/);
  });
});
