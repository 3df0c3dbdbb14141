// The MCP resource URIs of this server: templates, formatting and parsing (pure, no SDK).

/** The list of open sessions. */
export const SESSIONS_URI = 'mqtt://sessions';

/** URI templates (RFC 6570) of the per-session resources. */
export const TEMPLATES = {
  topics: 'mqtt://{session}/topics',
  retained: 'mqtt://{session}/retained/{+topic}',
  capture: 'mqtt://{session}/captures/{capture}',
} as const;

/** A parsed resource URI. */
export type ResourceRef =
  | { kind: 'sessions' }
  | { kind: 'topics'; session: string }
  | { kind: 'retained'; session: string; topic: string }
  | { kind: 'capture'; session: string; capture: string };

/** The session-inventory URI of a session. */
export function topicsUri(session: string): string {
  return `mqtt://${encodeURIComponent(session)}/topics`;
}

/** The URI of a topic's retained value (`{+topic}`: slashes and reserved characters kept). */
export function retainedUri(session: string, topic: string): string {
  return `mqtt://${encodeURIComponent(session)}/retained/${encodeURI(topic)}`;
}

/** The URI of a finished capture. */
export function captureUri(session: string, capture: string): string {
  return `mqtt://${encodeURIComponent(session)}/captures/${encodeURIComponent(capture)}`;
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

const PER_SESSION = /^mqtt:\/\/([^/?#]+)\/(topics|retained|captures)(?:\/(.*))?$/s;

/** Parses one of this server's resource URIs; undefined for anything else. */
export function parseResourceUri(uri: string): ResourceRef | undefined {
  if (uri === SESSIONS_URI) return { kind: 'sessions' };
  const match = PER_SESSION.exec(uri);
  if (!match) return undefined;
  const [, rawSession = '', kind, rest] = match;
  const session = decode(rawSession);
  if (kind === 'topics') return rest === undefined ? { kind: 'topics', session } : undefined;
  if (!rest) return undefined;
  if (kind === 'retained') return { kind: 'retained', session, topic: decode(rest) };
  return rest.includes('/') ? undefined : { kind: 'capture', session, capture: decode(rest) };
}
