// Which MCP client made a request: clientInfo from initialize (2025-11-25) or the per-request envelope (2026-07-28).
import { CLIENT_INFO_META_KEY, type Server } from '@modelcontextprotocol/server';
import type { ClientInfo } from '../server/core';

const MAX_CHARS = 200;

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== ''
    ? value.trim().slice(0, MAX_CHARS)
    : undefined;
}

/** A client's `{ name, version }` from an untrusted value, or undefined when it names nothing. */
export function parseClientInfo(value: unknown): ClientInfo | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const record = value as Record<string, unknown>;
  const name = text(record.name);
  if (!name) return undefined;
  const version = text(record.version);
  return version ? { name, version } : { name };
}

/**
 * The client behind one request: the 2026-07-28 envelope (`io.modelcontextprotocol/clientInfo`,
 * lifted by the SDK or still in `_meta`) first, else what the connection sent in `initialize`.
 */
export function clientInfoOf(
  server: Pick<Server, 'getClientVersion'>,
  envelope: object | undefined,
  meta: object | undefined,
): ClientInfo | undefined {
  const key = CLIENT_INFO_META_KEY;
  return (
    parseClientInfo((envelope as Record<string, unknown> | undefined)?.[key]) ??
    parseClientInfo((meta as Record<string, unknown> | undefined)?.[key]) ??
    parseClientInfo(server.getClientVersion())
  );
}
