// mqtt_clear_retained: clears the retained messages under a pattern after a dry run and a confirmation, keeping an undo.
import { z } from 'zod';
import { ToolError } from '../../errors';
import type { InboundMessage } from '../../mqtt/inbound-message';
import { checkConfirm, CONFIRM_DESCRIPTION, issueConfirm } from '../kit/confirm-token';
import { defineTool, DESTRUCTIVE_WRITE, type ToolContext } from '../kit/define-tool';
import { requireUndo } from './undo-access';
import { retainedArgs, retainedEntry } from './list-retained';
import { describeRetained, retainedSubject, savedOf, scanRetained, valueText } from './scan';

const PUBLISH_TIMEOUT_MS = 10_000;
const PROMPT_LISTED = 20;

/** The confirmation prompt: what would be cleared, topic by topic with its value. */
function prompt(pattern: string, messages: InboundMessage[]): string {
  const lines = messages.slice(0, PROMPT_LISTED).map((m) => `- ${m.topic} = ${valueText(m)}`);
  const more =
    messages.length > PROMPT_LISTED ? [`… and ${messages.length - PROMPT_LISTED} more`] : [];
  return [
    `Clear ${messages.length} retained message(s) under ${pattern}? An undo is kept.`,
    ...lines,
    ...more,
  ].join('\n');
}

/** Publishes the empty retained messages that clear each topic; names the undo when one fails. */
async function clearAll(
  ctx: ToolContext,
  sessionId: string,
  messages: InboundMessage[],
  undoId: string,
): Promise<void> {
  const session = ctx.sessions.get(sessionId);
  for (const [i, m] of messages.entries()) {
    try {
      await session.publish(m.topic, Buffer.alloc(0), { qos: 1, retain: true }, PUBLISH_TIMEOUT_MS);
    } catch (err) {
      const e = ToolError.from(err);
      throw new ToolError(
        e.code,
        `${e.message}; ${i} of ${messages.length} were cleared; mqtt_restore_retained with undo_id ${undoId} puts them back`,
        { undo_id: undoId },
        { cause: err },
      );
    }
  }
}

/** Clears retained messages (dry run by default). */
export const clearRetained = defineTool({
  name: 'mqtt_clear_retained',
  title: 'Clear retained messages',
  description:
    'Clear retained messages under a pattern. dry_run (default) lists them and returns a confirm token; the real run needs it (or an accepted prompt) and returns an undo_id for mqtt_restore_retained.',
  kind: 'mutation',
  writes: 'manage',
  annotations: DESTRUCTIVE_WRITE,
  input: z.strictObject({
    ...retainedArgs,
    topic_pattern: z.string().min(1).max(65_535).describe('Topic or filter to clear'),
    dry_run: z.boolean().default(true),
    confirm: z.string().max(200).optional().describe(CONFIRM_DESCRIPTION),
  }),
  output: z.object({
    session_id: z.string(),
    dry_run: z.boolean(),
    count: z.number().int(),
    retained: z.array(retainedEntry),
    confirm: z.string().optional(),
    undo_id: z.string().optional(),
  }),
  async handler(args, ctx) {
    const session = ctx.sessions.get(args.session_id);
    const { messages } = await scanRetained(session, args.topic_pattern, args.wait_ms, ctx.signal);
    const subject = retainedSubject('clear', session.id, messages);
    const base = {
      session_id: session.id,
      count: messages.length,
      retained: messages.map((m) => describeRetained(m)),
    };
    if (args.dry_run || messages.length === 0) {
      return { ...base, dry_run: args.dry_run, confirm: issueConfirm(subject) };
    }
    if (args.confirm === undefined) {
      const token = issueConfirm(subject);
      throw new ToolError(
        'CONFIRMATION_REQUIRED',
        `clearing ${messages.length} retained message(s) under ${args.topic_pattern} needs confirmation: call again with confirm "${token}" (valid 5 min); nothing was cleared`,
        { confirm: token, prompt: prompt(args.topic_pattern, messages) },
      );
    }
    checkConfirm(args.confirm, subject);
    const undo = requireUndo(ctx);
    const undoId = undo.save({
      sessionId: session.id,
      broker: session.broker,
      topicPattern: args.topic_pattern,
      messages: messages.map(savedOf),
    });
    await clearAll(ctx, session.id, messages, undoId);
    ctx.log.info({ undo_id: undoId, count: messages.length }, 'retained messages cleared');
    return { ...base, dry_run: false, undo_id: undoId };
  },
  summarize: (out) =>
    out.dry_run ? `dry run: ${out.count} retained` : `cleared ${out.count} (undo ${out.undo_id})`,
});
