// Completions of prompt arguments and resource template variables from sessions, profiles and inventories.
import type { CompleteResult, Server } from '@modelcontextprotocol/server';
import type { ToolHost } from '../server/core';
import type { Session } from '../server/mqtt/session';
import { TEMPLATES } from './resource-uris';

/** Most values one completion returns (the protocol's cap). */
const MAX_VALUES = 100;

/** What is being completed: a prompt argument or a template variable, with the other arguments. */
export interface CompletionQuery {
  ref: { type: 'ref/prompt'; name: string } | { type: 'ref/resource'; uri: string };
  argument: string;
  value: string;
  context?: Record<string, string>;
}

function sessionsOf(host: ToolHost, id: string | undefined): Session[] {
  const all = host.sessions.list();
  const one = id ? all.filter((s) => s.id === id) : [];
  return one.length > 0 ? one : all;
}

/** Values starting with `value` (case-insensitive), most frequent first, at most MAX_VALUES. */
function ranked(counts: Map<string, number>, value: string): string[] {
  const lower = value.toLowerCase();
  return [...counts]
    .filter(([v]) => v.toLowerCase().startsWith(lower))
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([v]) => v);
}

function add(counts: Map<string, number>, key: string, by: number): void {
  counts.set(key, (counts.get(key) ?? 0) + by);
}

/** Device ids: every topic level but the last, weighted by messages. */
function devices(sessions: Session[], value: string): string[] {
  const counts = new Map<string, number>();
  for (const s of sessions) {
    for (const e of s.inventory.values()) {
      const levels = e.topic.split('/');
      for (const level of levels.slice(0, -1))
        if (level && !level.startsWith('$')) add(counts, level, e.count);
    }
  }
  return ranked(counts, value);
}

/** Filters one level deeper than what is typed: `home/` → `home/kitchen/#`, or whole topics. */
function topicPatterns(sessions: Session[], value: string): string[] {
  const counts = new Map<string, number>();
  for (const s of sessions) {
    for (const e of s.inventory.values()) {
      if (!e.topic.startsWith(value)) continue;
      const next = e.topic.indexOf('/', value.length);
      add(counts, next === -1 ? e.topic : `${e.topic.slice(0, next)}/#`, e.count);
    }
  }
  return ranked(counts, value);
}

function retainedTopics(sessions: Session[], value: string): string[] {
  const counts = new Map<string, number>();
  for (const s of sessions) {
    for (const e of s.inventory.values()) if (e.retained) add(counts, e.topic, e.count);
  }
  return ranked(counts, value);
}

function sessionIds(host: ToolHost, value: string): string[] {
  return host.sessions
    .list()
    .filter((s) => s.id.startsWith(value) || s.broker.includes(value))
    .map((s) => s.id);
}

/** Completes one argument from the typed value and the other arguments. */
type Completer = (host: ToolHost, value: string, ctx: Record<string, string>) => string[];

/** Completers of prompt arguments, by argument name. */
const PROMPT_ARGUMENTS: Record<string, Completer> = {
  session_id: (host, value) => sessionIds(host, value),
  device: (host, value, ctx) => devices(sessionsOf(host, ctx.session_id), value),
  topic_pattern: (host, value, ctx) => topicPatterns(sessionsOf(host, ctx.session_id), value),
  broker: (host, value) => {
    const lower = value.toLowerCase();
    const profiles = host.profileNames().filter((n) => n.toLowerCase().startsWith(lower));
    return [...profiles, ...sessionIds(host, value)];
  },
};

/** Completers of resource template variables, by variable name. */
const TEMPLATE_VARIABLES: Record<string, Completer> = {
  session: (host, value) => sessionIds(host, value),
  topic: (host, value, ctx) => retainedTopics(sessionsOf(host, ctx.session), value),
  capture: (host, value, ctx) =>
    host.captures
      .list(ctx.session)
      .map((c) => c.id)
      .filter((id) => id.startsWith(value)),
};

/** The completion values for one query (an unknown argument completes to nothing). */
export function completeValues(host: ToolHost, q: CompletionQuery): string[] {
  const table =
    q.ref.type === 'ref/prompt'
      ? PROMPT_ARGUMENTS
      : (Object.values(TEMPLATES) as string[]).includes(q.ref.uri)
        ? TEMPLATE_VARIABLES
        : {};
  const complete = Object.hasOwn(table, q.argument) ? table[q.argument] : undefined;
  return complete ? complete(host, q.value, q.context ?? {}) : [];
}

/** Registers completion/complete on a server. */
export function registerCompletions(server: Server, host: ToolHost): void {
  server.setRequestHandler('completion/complete', (request): CompleteResult => {
    const { ref, argument, context } = request.params;
    const all = completeValues(host, {
      ref:
        ref.type === 'ref/prompt'
          ? { type: 'ref/prompt', name: ref.name }
          : { type: 'ref/resource', uri: ref.uri },
      argument: argument.name,
      value: argument.value,
      context: context?.arguments,
    });
    return {
      completion: {
        values: all.slice(0, MAX_VALUES),
        total: all.length,
        hasMore: all.length > MAX_VALUES,
      },
    };
  });
}
