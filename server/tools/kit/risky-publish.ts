// Risky publishes (retained, or to a command topic) need a confirmation that saw what is retained there now.
import { isCommandTopic } from '../../analysis/command-topics';
import { ToolError } from '../../errors';
import { readRetained } from '../../mqtt/retained-read';
import type { Session } from '../../mqtt/session';
import { checkConfirm, digest, issueConfirm } from './confirm-token';

/** How long the current retained value is waited for. */
const RETAINED_WAIT_MS = 500;
const PREVIEW_CHARS = 80;

function preview(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text;
}

/**
 * Returns at once for an ordinary publish. A retained publish or one to a command topic needs
 * `confirm`: the token of a first call, which fails with CONFIRMATION_REQUIRED naming what is
 * retained on the topic now (the token covers topic, payload and that value).
 */
export async function confirmRiskyPublish(
  session: Session,
  args: { topic: string; retain: boolean; confirm?: string },
  payload: Buffer,
  signal: AbortSignal,
): Promise<void> {
  const command = isCommandTopic(args.topic);
  if (!args.retain && !command) return;
  const current = await readRetained(session, args.topic, RETAINED_WAIT_MS, signal);
  const subject = [
    'publish',
    session.id,
    args.topic,
    args.retain,
    digest(payload),
    current ? digest(current.payload) : '-',
  ].join('\n');
  if (args.confirm !== undefined) {
    checkConfirm(args.confirm, subject);
    return;
  }
  const why = [args.retain && 'retained', command && 'to a command topic'].filter(Boolean);
  const now = current ? `"${preview(current.payload)}"` : 'nothing';
  const token = issueConfirm(subject);
  throw new ToolError(
    'CONFIRMATION_REQUIRED',
    `a publish ${why.join(' and ')} needs confirmation; retained on ${args.topic} now: ${now}; call again with confirm "${token}" (valid 5 min); nothing was sent`,
    {
      confirm: token,
      prompt: `Publish "${preview(payload)}" to ${args.topic} (${why.join(', ')})? Retained there now: ${now}.`,
      retained_now: current ? preview(current.payload) : null,
    },
  );
}
