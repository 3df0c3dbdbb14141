// Confirmation tokens: a short-lived HMAC over exactly what a risky call would change, checked on the real run.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { ToolError } from '../../errors';

/** How long a token from a dry run (or a refused risky publish) stays valid. */
export const CONFIRM_TTL_MS = 5 * 60_000;

// Per process: a token is honoured by the process that issued it (the hub for every path).
const SECRET = randomBytes(32);

/** A short digest of a payload for the token's subject. */
export function digest(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('base64url').slice(0, 22);
}

function mac(subject: string, expiresMs: number): string {
  return createHmac('sha256', SECRET)
    .update(`${expiresMs}\n${subject}`)
    .digest('base64url')
    .slice(0, 22);
}

/** A token confirming `subject` (what would change, as text) until it expires. */
export function issueConfirm(subject: string, nowMs = Date.now()): string {
  const expiresMs = nowMs + CONFIRM_TTL_MS;
  return `${expiresMs.toString(36)}.${mac(subject, expiresMs)}`;
}

/**
 * INVALID_INPUT unless `token` was issued for exactly `subject` and has not expired: the state
 * changed since the dry run, or the token is old or forged; nothing is changed.
 */
export function checkConfirm(token: string, subject: string, nowMs = Date.now()): void {
  const [stamp = '', sig = ''] = token.split('.');
  const expiresMs = parseInt(stamp, 36);
  const expected = Buffer.from(mac(subject, expiresMs));
  const given = Buffer.from(sig);
  const valid =
    Number.isFinite(expiresMs) &&
    given.length === expected.length &&
    timingSafeEqual(given, expected);
  if (!valid) {
    throw new ToolError(
      'INVALID_INPUT',
      'confirm: this token does not match what the call would change now (the retained messages changed, or the token belongs to another call); ask again for a fresh one; nothing was changed',
      { argument: 'confirm' },
    );
  }
  if (expiresMs < nowMs) {
    throw new ToolError(
      'INVALID_INPUT',
      'confirm: this token expired; ask again for a fresh one; nothing was changed',
      { argument: 'confirm' },
    );
  }
}
