// Unit tests of the explorer registry with a stand-in session: sharing, batches, release.
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ToolError } from '../errors';
import { InboundMessage } from '../mqtt/inbound-message';
import type { Session } from '../mqtt/session';
import { ExplorerRegistry, explorerSettings, type Explorer } from './explorer-registry';
import type { TopicTreeBatch } from './topic-tree';

class FakeSession extends EventEmitter {
  readonly id = 'session-1';
  readonly messageListeners = new Set<(m: InboundMessage) => void>();
  readonly subscribed: string[] = [];
  readonly unsubscribed: string[] = [];
  touched = 0;
  refuse = false;

  onMessage(listener: (m: InboundMessage) => void): () => void {
    this.messageListeners.add(listener);
    return () => this.messageListeners.delete(listener);
  }

  async subscribe(filter: string): Promise<number> {
    if (this.refuse) throw new ToolError('BROKER_REJECTED', 'refused');
    this.subscribed.push(filter);
    return 0;
  }

  async unsubscribe(filter: string): Promise<void> {
    this.unsubscribed.push(filter);
  }

  touch(): void {
    this.touched++;
  }

  deliver(topic: string, payload: string): void {
    const m = new InboundMessage(topic, Buffer.from(payload), 0, false, Date.now(), 4096);
    for (const l of this.messageListeners) l(m);
  }
}

const TIMING = { batchMs: 200, idleMs: 60_000, touchMs: 30_000 };

describe('ExplorerRegistry', () => {
  let session: FakeSession;
  let registry: ExplorerRegistry;

  beforeEach(() => {
    vi.useFakeTimers();
    session = new FakeSession();
    registry = new ExplorerRegistry(TIMING);
  });

  afterEach(async () => {
    await registry.closeAll();
    vi.useRealTimers();
  });

  const open = (filter = 'a/#') => registry.open(session as unknown as Session, filter);

  it('subscribes once per session+filter, even for concurrent openers', async () => {
    const [a, b] = await Promise.all([open(), open()]);
    expect(a).toBe(b);
    expect(session.subscribed).toEqual(['a/#']);
    expect(registry.get('session-1', 'a/#')).toBe(a);
  });

  it('rejects an invalid filter with INVALID_TOPIC before subscribing', async () => {
    await expect(open('a/#/b')).rejects.toMatchObject({ code: 'INVALID_TOPIC' });
    expect(session.subscribed).toEqual([]);
  });

  it('counts only messages matching its filter', async () => {
    const explorer = await open();
    session.deliver('a/1', 'x');
    session.deliver('b/1', 'x');
    expect(explorer.tree.snapshot().topics.map((t) => t.topic)).toEqual(['a/1']);
  });

  it('sends batches of changed topics every batchMs while watched', async () => {
    const explorer = await open();
    const batches: TopicTreeBatch[] = [];
    explorer.on('batch', (b: TopicTreeBatch) => batches.push(b));
    const unwatch = explorer.watch();
    for (let i = 0; i < 1000; i++) session.deliver(`a/${i % 3}`, String(i));
    vi.advanceTimersByTime(200);
    expect(batches).toHaveLength(1);
    expect(batches[0]?.topics).toHaveLength(3);
    vi.advanceTimersByTime(200);
    expect(batches).toHaveLength(1);
    unwatch();
  });

  it('releases an explorer unwatched for idleMs and unsubscribes', async () => {
    const explorer = await open();
    const reasons: string[] = [];
    explorer.on('closed', (r: string) => reasons.push(r));
    const unwatch = explorer.watch();
    vi.advanceTimersByTime(120_000);
    expect(registry.list()).toHaveLength(1);
    unwatch();
    vi.advanceTimersByTime(59_000);
    expect(registry.list()).toHaveLength(1);
    vi.advanceTimersByTime(1_400);
    expect(registry.list()).toHaveLength(0);
    await vi.runAllTimersAsync();
    expect(session.unsubscribed).toEqual(['a/#']);
    expect(session.messageListeners.size).toBe(0);
    expect(reasons).toHaveLength(1);
    expect(() => registry.get('session-1', 'a/#')).toThrow(ToolError);
  });

  it('marks a watched session as used', async () => {
    const explorer = await open();
    const unwatch = explorer.watch();
    const before = session.touched;
    vi.advanceTimersByTime(31_000);
    expect(session.touched).toBeGreaterThan(before);
    unwatch();
  });

  it('keeps counting and keeps the session alive while nobody watches, until idleMs', async () => {
    const explorer = await open();
    explorer.watch()();
    const before = session.touched;
    vi.advanceTimersByTime(31_000);
    session.deliver('a/1', 'x');
    expect(session.touched).toBeGreaterThan(before);
    expect(explorer.tree.history('a/1')?.topic.count).toBe(1);
    expect(registry.list()).toHaveLength(1);
  });

  it('takes history size, one shared memory budget and idle time from the configuration', () => {
    const settings = explorerSettings({
      MQTT_MCP_EXPLORER_HISTORY: 7,
      MQTT_MCP_EXPLORER_HISTORY_MB: 2,
      MQTT_MCP_EXPLORER_IDLE_MINUTES: 3,
    });
    expect(settings.timing.idleMs).toBe(180_000);
    expect(settings.tree.historySize).toBe(7);
    expect(settings.tree.budget?.limitBytes).toBe(2 * 1024 * 1024);
  });

  it('releases at once when the session closes', async () => {
    const explorer: Explorer = await open();
    const closed = vi.fn();
    explorer.on('closed', closed);
    session.emit('closed');
    expect(closed).toHaveBeenCalledWith('the session was closed');
    expect(registry.list()).toHaveLength(0);
  });

  it('leaves nothing behind when the broker refuses the subscription', async () => {
    session.refuse = true;
    await expect(open()).rejects.toMatchObject({ code: 'BROKER_REJECTED' });
    expect(session.messageListeners.size).toBe(0);
    expect(session.listenerCount('closed')).toBe(0);
    expect(registry.list()).toHaveLength(0);
  });
});
