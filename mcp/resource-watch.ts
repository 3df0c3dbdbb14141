// Watches resource URIs for changes (reference counted, throttled) so subscribed clients get notified.
import type { ToolHost } from '../server/core';
import type { Session } from '../server/mqtt/session';
import { parseResourceUri, type ResourceRef } from './resource-uris';

/** Called with the URI whose resource changed. */
export type UpdateListener = (uri: string) => void;

/** Most URIs watched at once per host; further watches are refused. */
export const MAX_WATCHED_URIS = 500;
/** Shortest time between two notifications of one URI (later changes are folded into one). */
export const MIN_NOTIFY_INTERVAL_MS = 1000;
/** How often a watched topic inventory is compared with its last state. */
const INVENTORY_POLL_MS = 2000;

interface Watched {
  listeners: Set<UpdateListener>;
  stop(): void;
  lastMs: number;
  pending?: NodeJS.Timeout;
}

function liveSession(host: Pick<ToolHost, 'sessions'>, id: string): Session | undefined {
  return host.sessions.list().find((s) => s.id === id);
}

/** The changes of one host's resources, watched only while someone listens. */
export class ResourceWatcher {
  private readonly watched = new Map<string, Watched>();

  constructor(
    private readonly host: Pick<ToolHost, 'sessions'>,
    private readonly minIntervalMs = MIN_NOTIFY_INTERVAL_MS,
  ) {}

  /** URIs currently watched. */
  get size(): number {
    return this.watched.size;
  }

  /** True when `uri` names a resource that can change (and so can be watched). */
  static watchable(uri: string): boolean {
    const ref = parseResourceUri(uri);
    return ref !== undefined && ref.kind !== 'capture';
  }

  /**
   * Calls `listener` (at most once per second) while `uri` changes; returns the function that stops
   * it. Throws when the URI cannot change or too many URIs are watched.
   */
  watch(uri: string, listener: UpdateListener): () => void {
    const ref = parseResourceUri(uri);
    if (!ref || ref.kind === 'capture') throw new Error(`${uri} is not a resource that changes`);
    let entry = this.watched.get(uri);
    if (!entry) {
      if (this.watched.size >= MAX_WATCHED_URIS) {
        throw new Error(`too many watched resources (${MAX_WATCHED_URIS}); unsubscribe some first`);
      }
      const created: Watched = { listeners: new Set(), stop: () => undefined, lastMs: 0 };
      created.stop = this.start(ref, () => this.changed(uri, created));
      entry = created;
      this.watched.set(uri, entry);
    }
    entry.listeners.add(listener);
    const watched = entry;
    return () => {
      if (!watched.listeners.delete(listener) || watched.listeners.size > 0) return;
      this.watched.delete(uri);
      clearTimeout(watched.pending);
      watched.stop();
    };
  }

  /** Stops every watch. */
  close(): void {
    for (const entry of this.watched.values()) {
      clearTimeout(entry.pending);
      entry.stop();
    }
    this.watched.clear();
  }

  private changed(uri: string, entry: Watched): void {
    if (entry.pending) return;
    const wait = entry.lastMs + this.minIntervalMs - Date.now();
    const fire = () => {
      entry.pending = undefined;
      entry.lastMs = Date.now();
      for (const listener of [...entry.listeners]) listener(uri);
    };
    if (wait <= 0) fire();
    else entry.pending = setTimeout(fire, wait).unref();
  }

  /** Starts observing one resource; returns the function that stops observing it. */
  private start(ref: ResourceRef, changed: () => void): () => void {
    const { sessions } = this.host;
    if (ref.kind === 'sessions') {
      sessions.on('change', changed);
      return () => sessions.off('change', changed);
    }
    if (ref.kind === 'topics') {
      const state = () => {
        const s = liveSession(this.host, ref.session);
        return s ? `${s.state}:${s.inventory.size}:${s.inventory.untrackedMessages > 0}` : 'gone';
      };
      let last = state();
      const timer = setInterval(() => {
        const now = state();
        if (now !== last) changed();
        last = now;
      }, INVENTORY_POLL_MS).unref();
      return () => clearInterval(timer);
    }
    if (ref.kind === 'retained') return this.watchTopic(ref.session, ref.topic, changed);
    return () => undefined;
  }

  /**
   * A topic changes when a live message arrives on it (retained replays to a new subscription carry
   * the retain flag and are not changes); the session closing is a change too.
   */
  private watchTopic(sessionId: string, topic: string, changed: () => void): () => void {
    const session = liveSession(this.host, sessionId);
    if (!session) return () => undefined;
    const off = session.onMessage((message) => {
      if (message.topic === topic && !message.retain) changed();
    });
    session.once('closed', changed);
    let subscribed = false;
    let stopped = false;
    session.subscribe(topic, 0).then(
      () => {
        subscribed = true;
        if (stopped) void session.unsubscribe(topic).catch(() => undefined);
      },
      () => undefined,
    );
    return () => {
      stopped = true;
      off();
      session.off('closed', changed);
      if (subscribed) void session.unsubscribe(topic).catch(() => undefined);
    };
  }
}

const WATCHERS = new WeakMap<object, ResourceWatcher>();

/** The one watcher of a host (sessions are per host, so are their watches). */
export function watcherFor(host: Pick<ToolHost, 'sessions'>): ResourceWatcher {
  let watcher = WATCHERS.get(host);
  if (!watcher) {
    watcher = new ResourceWatcher(host);
    WATCHERS.set(host, watcher);
  }
  return watcher;
}
