// Tool outcomes as MCP results: structured content, the code of an error, a link to a bulky capture.
import type { CallToolResult, ContentBlock } from '@modelcontextprotocol/server';
import type { CallOutcome } from '../server/core';
import { captureUri } from './resource-uris';

/** The protocol generation a connection speaks. */
export type Era = 'legacy' | 'modern';

/** Results at least this large (JSON characters) also carry a `resource_link` to their capture. */
export const LINK_MIN_BYTES = 4000;

function captureLink(outcome: CallOutcome & { ok: true }, tool: string): ContentBlock[] {
  const capture = outcome.capture;
  if (!capture || capture.bytes < LINK_MIN_BYTES) return [];
  return [
    {
      type: 'resource_link',
      uri: captureUri(capture.sessionId ?? '-', capture.id),
      name: `${tool} result`,
      mimeType: 'application/json',
      description: `the full result (${capture.bytes} bytes), readable later as a resource`,
    },
  ];
}

/**
 * The MCP result of a tool outcome: structured content plus the same JSON as text (and a
 * `resource_link` for a bulky capture), or `isError` with `CODE: message`. Errors carry
 * `structuredContent: { error: { code, message } }` on modern connections only: the 1.x client
 * checks structured content against the tool's output schema even on errors (typescript-sdk#1943)
 * and would throw instead of showing the message.
 */
export function toCallToolResult(outcome: CallOutcome, tool: string, era: Era): CallToolResult {
  if (outcome.ok) {
    return {
      content: [
        { type: 'text', text: JSON.stringify(outcome.data) },
        ...captureLink(outcome, tool),
      ],
      structuredContent: outcome.data,
    };
  }
  const { code, message } = outcome.error;
  return {
    isError: true,
    content: [{ type: 'text', text: outcome.error.toText() }],
    ...(era === 'modern' ? { structuredContent: { error: { code, message } } } : {}),
  };
}
