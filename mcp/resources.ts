// MCP resources: open sessions, a session's topic inventory, retained values and finished captures.
import {
  ProtocolError,
  ProtocolErrorCode,
  ResourceNotFoundError,
  type ListResourcesResult,
  type ReadResourceResult,
  type Resource,
  type ResourceTemplateType,
  type Server,
} from '@modelcontextprotocol/server';
import type { ToolHost } from '../server/core';
import { isToolError } from '../server/errors';
import { readRetained } from '../server/mqtt/retained-read';
import type { Session } from '../server/mqtt/session';
import { validateTopicName } from '../server/mqtt/topics';
import { summarizeSession } from '../server/tools/kit/session-summary';
import {
  captureUri,
  parseResourceUri,
  retainedUri,
  SESSIONS_URI,
  TEMPLATES,
  topicsUri,
} from './resource-uris';

const JSON_TYPE = 'application/json';
/** Topics listed in one inventory read (most recently seen first). */
export const INVENTORY_READ_LIMIT = 1000;
/** Retained topics listed per session in resources/list. */
const RETAINED_LISTED = 50;

/** The URI templates clients can fill in (resources/templates/list). */
export const RESOURCE_TEMPLATES: ResourceTemplateType[] = [
  {
    uriTemplate: TEMPLATES.topics,
    name: 'topic-inventory',
    title: 'Topic inventory of a session',
    description: 'Every topic the session has seen: count, retained flag, last seen, format, size',
    mimeType: JSON_TYPE,
  },
  {
    uriTemplate: TEMPLATES.retained,
    name: 'retained-value',
    title: 'Retained value of a topic',
    description: 'The value the broker retains on a topic; subscribe to be told when it changes',
  },
  {
    uriTemplate: TEMPLATES.capture,
    name: 'capture',
    title: 'Finished capture',
    description:
      'The full JSON result of a finished timed tool call (collect, topics, schema, ...)',
    mimeType: JSON_TYPE,
  },
];

function liveSession(host: ToolHost, id: string, uri: string): Session {
  const session = host.sessions.list().find((s) => s.id === id);
  if (!session) {
    throw new ResourceNotFoundError(
      uri,
      `no open session ${id} (closed, expired, or the server restarted); mqtt://sessions lists the open ones`,
    );
  }
  return session;
}

/** Every concrete resource: sessions, each session's inventory, its known retained topics, captures. */
export function listResources(host: ToolHost): ListResourcesResult {
  const resources: Resource[] = [
    { uri: SESSIONS_URI, name: 'sessions', title: 'Open MQTT sessions', mimeType: JSON_TYPE },
  ];
  for (const session of host.sessions.list()) {
    resources.push({
      uri: topicsUri(session.id),
      name: `topics of ${session.broker}`,
      mimeType: JSON_TYPE,
    });
    let listed = 0;
    for (const entry of session.inventory.values()) {
      if (!entry.retained) continue;
      resources.push({ uri: retainedUri(session.id, entry.topic), name: entry.topic });
      if (++listed >= RETAINED_LISTED) break;
    }
  }
  for (const capture of host.captures.list()) {
    resources.push({
      uri: captureUri(capture.sessionId ?? '-', capture.id),
      name: `${capture.tool} at ${new Date(capture.createdAtMs).toISOString()}`,
      mimeType: JSON_TYPE,
      size: capture.bytes,
    });
  }
  return { resources };
}

function jsonContents(uri: string, value: unknown): ReadResourceResult {
  return { contents: [{ uri, mimeType: JSON_TYPE, text: JSON.stringify(value) }] };
}

function inventory(session: Session) {
  const entries = [...session.inventory.values()].sort((a, b) => b.lastSeenMs - a.lastSeenMs);
  return {
    session_id: session.id,
    broker: session.broker,
    topics_seen: entries.length,
    untracked_messages: session.inventory.untrackedMessages,
    truncated: entries.length > INVENTORY_READ_LIMIT ? true : undefined,
    topics: entries.slice(0, INVENTORY_READ_LIMIT).map((e) => ({
      topic: e.topic,
      count: e.count,
      retained: e.retained,
      last_seen: new Date(e.lastSeenMs).toISOString(),
      format: e.lastFormat,
      size_bytes: e.lastSize,
    })),
  };
}

async function readRetainedValue(
  session: Session,
  topic: string,
  uri: string,
  signal: AbortSignal,
): Promise<ReadResourceResult> {
  try {
    validateTopicName(topic);
  } catch (err) {
    throw new ProtocolError(ProtocolErrorCode.InvalidParams, (err as Error).message);
  }
  const message = await readRetained(session, topic, undefined, signal);
  if (!message || message.payload.length === 0) {
    throw new ResourceNotFoundError(uri, `the broker retains no value on "${topic}"`);
  }
  const format = message.format;
  if (format === 'binary') {
    return {
      contents: [
        { uri, mimeType: 'application/octet-stream', blob: message.payload.toString('base64') },
      ],
    };
  }
  const mimeType = format === 'json' ? JSON_TYPE : 'text/plain';
  return { contents: [{ uri, mimeType, text: message.payload.toString('utf8') }] };
}

/** Reads one resource; ResourceNotFoundError (-32602 with the URI) when it does not exist. */
export async function readResource(
  host: ToolHost,
  uri: string,
  signal: AbortSignal,
): Promise<ReadResourceResult> {
  const ref = parseResourceUri(uri);
  if (!ref) throw new ResourceNotFoundError(uri, `unknown resource ${uri}`);
  if (ref.kind === 'sessions') {
    return jsonContents(uri, {
      sessions: host.sessions.list().map((s) => summarizeSession(s, host.sessions)),
    });
  }
  if (ref.kind === 'capture') {
    const capture = host.captures.get(ref.capture);
    if (!capture) {
      throw new ResourceNotFoundError(uri, `capture ${ref.capture} is no longer held`);
    }
    return { contents: [{ uri, mimeType: JSON_TYPE, text: capture.json }] };
  }
  const session = liveSession(host, ref.session, uri);
  if (ref.kind === 'topics') return jsonContents(uri, inventory(session));
  try {
    return await readRetainedValue(session, ref.topic, uri, signal);
  } catch (err) {
    if (!isToolError(err)) throw err;
    throw new ProtocolError(ProtocolErrorCode.InternalError, err.toText());
  }
}

/** Registers resources/list, resources/templates/list and resources/read on a server. */
export function registerResources(server: Server, host: ToolHost): void {
  server.setRequestHandler('resources/list', () => listResources(host));
  server.setRequestHandler('resources/templates/list', () => ({
    resourceTemplates: RESOURCE_TEMPLATES,
  }));
  server.setRequestHandler('resources/read', (request, ctx) =>
    readResource(host, request.params.uri, ctx.mcpReq.signal),
  );
}
