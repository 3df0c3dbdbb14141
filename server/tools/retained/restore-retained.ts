// mqtt_restore_retained: puts back the retained messages a clear removed, byte for byte with QoS and properties.
import { z } from 'zod';
import { ToolError } from '../../errors';
import { defineTool } from '../kit/define-tool';
import { sessionIdArg } from '../kit/schemas';
import { requireUndo } from './undo-access';

const PUBLISH_TIMEOUT_MS = 10_000;

/** Restores the messages of one undo record. */
export const restoreRetained = defineTool({
  name: 'mqtt_restore_retained',
  title: 'Restore retained messages',
  description:
    'Undo a mqtt_clear_retained: republish the cleared retained messages exactly (payload, QoS, MQTT 5 properties).',
  kind: 'mutation',
  writes: 'manage',
  annotations: {
    readOnlyHint: false,
    destructiveHint: true,
    idempotentHint: true,
    openWorldHint: true,
  },
  input: z.strictObject({
    session_id: sessionIdArg,
    undo_id: z.string().min(1).max(100).describe('From mqtt_clear_retained'),
  }),
  output: z.object({
    session_id: z.string(),
    undo_id: z.string(),
    restored: z.number().int(),
    topics: z.array(z.string()),
  }),
  async handler(args, ctx) {
    const undo = requireUndo(ctx);
    const record = undo.get(args.undo_id);
    if (!record) {
      throw new ToolError(
        'NOT_FOUND',
        `undo_id: no undo record ${args.undo_id} (unknown, or older than the journal retention)`,
        { argument: 'undo_id' },
      );
    }
    const session = ctx.sessions.get(args.session_id);
    if (session.options.protocolVersion !== 5 && record.messages.some((m) => m.properties)) {
      throw new ToolError(
        'INVALID_INPUT',
        'session_id: these messages carry MQTT 5 properties; restore them on a session opened with protocol_version 5; nothing was sent',
        { argument: 'session_id' },
      );
    }
    for (const m of record.messages) {
      await session.publish(
        m.topic,
        m.payload,
        { qos: m.qos, retain: true, properties: m.properties },
        PUBLISH_TIMEOUT_MS,
      );
    }
    undo.markRestored(record.id, Date.now());
    return {
      session_id: session.id,
      undo_id: record.id,
      restored: record.messages.length,
      topics: record.messages.map((m) => m.topic),
    };
  },
  summarize: (out) => `restored ${out.restored}`,
});
