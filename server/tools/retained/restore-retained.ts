// mqtt_restore_retained: puts back the retained messages a clear removed, byte for byte with QoS and properties.
import { z } from 'zod';
import { ToolError } from '../../errors';
import { defineTool } from '../kit/define-tool';
import { sessionInput } from '../kit/schemas';
import { requireUndo } from './undo-access';

const PUBLISH_TIMEOUT_MS = 10_000;

/** Restores the messages of one undo record. */
export const restoreRetained = defineTool({
  name: 'mqtt_restore_retained',
  description:
    'Undo mqtt_clear_retained: republish exactly what it cleared (payload, QoS, properties).',
  kind: 'mutation',
  writes: 'manage',
  // MCP default: destructive (it overwrites what is retained now).
  annotations: { readOnlyHint: false, idempotentHint: true, openWorldHint: true },
  input: sessionInput({
    undo_id: z.string(),
  }),
  output: z.object({ restored: z.number() }),
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
      restored: record.messages.length,
    };
  },
  summarize: (out) => `restored ${out.restored}`,
});
