// mqtt_clear_retained: clears the retained messages under a pattern after a dry run and a confirmation, keeping an undo.
import { z } from 'zod';
import { ToolError } from '../../errors';
import type { InboundMessage } from '../../mqtt/inbound-message';
import { checkConfirm, issueConfirm } from '../kit/confirm-token';
import { defineTool, type ToolContext } from '../kit/define-tool';
import { requireUndo } from './undo-access';
import { retainedArgs, retainedEntries } from './list-retained';
import {
  DEFAULT_WAIT_MS,
  listedRetained,
  retainedSubject,
  savedOf,
  scanRetained,
  valueText,
} from './scan';

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
  description:
    'Clear retained messages. The dry run (default) lists them with a confirm token the real run needs; returns an undo_id.',
  kind: 'mutation',
  writes: 'manage',
  // MCP defaults: destructive, not idempotent.
  annotations: { readOnlyHint: false, openWorldHint: true },
  input: z.strictObject({
    session_id: retainedArgs.session_id,
    topic_pattern: z.string(),
    dry_run: z.boolean().default(true),
    confirm: z.string().optional(),
  }),
  output: z.object({
    dry_run: z.boolean(),
    count: z.number(),
    retained: retainedEntries,
    not_listed: z.number(),
    confirm: z.string().optional(),
    undo_id: z.string().optional(),
  }),
  async handler(args, ctx) {
    const session = ctx.sessions.get(args.session_id);
    const { messages } = await scanRetained(
      session,
      args.topic_pattern,
      DEFAULT_WAIT_MS,
      ctx.signal,
    );
    const subject = retainedSubject('clear', session.id, messages);
    const base = { count: messages.length, ...listedRetained(messages) };
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
