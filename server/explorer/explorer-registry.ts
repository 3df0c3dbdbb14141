// Live explorers (one per session+filter), owned by the hub's process parts: subscribed on demand, released unwatched.
import { EventEmitter } from 'node:events';
import { ToolError } from '../errors';
import type { Session } from '../mqtt/session';
import { topicMatches, validateTopicFilter } from '../mqtt/topics';
import { TopicTree, type TopicTreeBatch, type TopicTreeOptions } from './topic-tree';

/** Timing of the registry. */
export interface ExplorerTiming {
  /** Interval between batches sent to watchers, in ms. Default 200. */
  batchMs: number;
  /** An explorer nobody has watched for this long is released, in ms. Default 60,000. */
  idleMs: number;
  /** How often a watched session is marked as used, in ms. Default 30,000. */
  touchMs: number;
}

const DEFAULT_TIMING: ExplorerTiming = { batchMs: 200, idleMs: 60_000, touchMs: 30_000 };

/** One aggregating subscription; emits `batch` (TopicTreeBatch) and `closed` (reason). */
export class Explorer extends EventEmitter {
  readonly tree: TopicTree;
  private watchers = 0;
  private idleSinceMs = Date.now();
  private lastTouchMs = 0;
  private timer?: NodeJS.Timeout;
  private offMessage?: () => void;
  private readonly onSessionClosed = () => void this.release('the session was closed');
  private released = false;

  constructor(
    readonly key: string,
    readonly session: Session,
    readonly filter: string,
    private readonly timing: ExplorerTiming,
    private readonly onRelease: (explorer: Explorer) => void,
    treeOptions?: TopicTreeOptions,
  ) {
    super();
    this.setMaxListeners(100);
    this.tree = new TopicTree(treeOptions);
  }

  /** Subscribes the session to the filter and starts aggregating. */
  async start(): Promise<void> {
    const filter = this.filter;
    this.offMessage = this.session.onMessage((m) => {
      if (topicMatches(filter, m.topic)) this.tree.add(m);
    });
    this.session.once('closed', this.onSessionClosed);
    try {
      await this.session.subscribe(filter, 0);
    } catch (err) {
      this.offMessage();
      this.session.off('closed', this.onSessionClosed);
      this.released = true;
      throw err;
    }
    this.timer = setInterval(() => this.tick(), this.timing.batchMs);
    this.timer.unref();
  }

  /** Number of console subscribers listening. */
  get watcherCount(): number {
    return this.watchers;
  }

  /** Registers a watcher; the returned function unregisters it. */
  watch(): () => void {
    this.watchers++;
    this.touchSession();
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.watchers--;
      if (this.watchers === 0) this.idleSinceMs = Date.now();
    };
  }

  private touchSession(): void {
    const now = Date.now();
    if (now - this.lastTouchMs < this.timing.touchMs) return;
    this.lastTouchMs = now;
    this.session.touch();
  }

  private tick(): void {
    if (this.watchers === 0) {
      if (Date.now() - this.idleSinceMs >= this.timing.idleMs) {
        void this.release('nobody watched it for a while');
      }
      return;
    }
    this.touchSession();
    if (!this.tree.pending) return;
    const batch = this.tree.drain();
    if (batch.topics.length > 0) this.emit('batch', batch satisfies TopicTreeBatch);
  }

  /** Stops aggregating, unsubscribes the session, and tells watchers why. */
  async release(reason: string): Promise<void> {
    if (this.released) return;
    this.released = true;
    clearInterval(this.timer);
    this.offMessage?.();
    this.session.off('closed', this.onSessionClosed);
    this.onRelease(this);
    this.emit('closed', reason);
    await this.session.unsubscribe(this.filter).catch(() => undefined);
  }
}

/** Explorers by session id and filter; creation is shared by concurrent callers. */
export class ExplorerRegistry {
  private readonly explorers = new Map<string, Explorer>();
  private readonly starting = new Map<string, Promise<Explorer>>();

  constructor(
    private readonly timing: ExplorerTiming = DEFAULT_TIMING,
    private readonly treeOptions?: TopicTreeOptions,
  ) {}

  /** The key of a session+filter pair. */
  static key(sessionId: string, filter: string): string {
    return `${sessionId}\u0000${filter}`;
  }

  /** The explorer of this session and filter, created (and subscribed) when there is none. */
  async open(session: Session, filter: string): Promise<Explorer> {
    validateTopicFilter(filter, 'filter');
    const key = ExplorerRegistry.key(session.id, filter);
    const existing = this.explorers.get(key);
    if (existing) return existing;
    const pending = this.starting.get(key);
    if (pending) return pending;
    const explorer = new Explorer(
      key,
      session,
      filter,
      this.timing,
      (e) => {
        if (this.explorers.get(e.key) === e) this.explorers.delete(e.key);
      },
      this.treeOptions,
    );
    const started = explorer.start().then(() => {
      this.explorers.set(key, explorer);
      return explorer;
    });
    this.starting.set(key, started);
    try {
      return await started;
    } finally {
      this.starting.delete(key);
    }
  }

  /** The running explorer of this session and filter; NOT_FOUND when none is open. */
  get(sessionId: string, filter: string): Explorer {
    const explorer = this.explorers.get(ExplorerRegistry.key(sessionId, filter));
    if (!explorer) {
      throw new ToolError(
        'NOT_FOUND',
        `no explorer is watching "${filter}" on session ${sessionId}; open the explorer on it first`,
        { session_id: sessionId, filter },
      );
    }
    return explorer;
  }

  /** Running explorers. */
  list(): Explorer[] {
    return [...this.explorers.values()];
  }

  /** Releases every explorer. */
  async closeAll(): Promise<void> {
    await Promise.all(this.list().map((e) => e.release('the server is stopping')));
  }
}
