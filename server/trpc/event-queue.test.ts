// Unit tests of EventQueue: order, end, fail, the bound, abort, and pushes that arrive while a reader waits.
import { describe, expect, it } from 'vitest';
import { EventQueue } from './event-queue';

async function readAll<T>(queue: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of queue) out.push(item);
  return out;
}

describe('EventQueue', () => {
  it('yields pushed items in order and ends after the waiting ones', async () => {
    const queue = new EventQueue<number>();
    queue.push(1);
    queue.push(2);
    queue.end();
    queue.push(3);
    expect(await readAll(queue)).toEqual([1, 2]);
  });

  it('wakes a waiting reader on push and on end', async () => {
    const queue = new EventQueue<string>();
    const read = readAll(queue);
    await new Promise((r) => setTimeout(r, 5));
    queue.push('a');
    await new Promise((r) => setTimeout(r, 5));
    queue.push('b');
    queue.end();
    expect(await read).toEqual(['a', 'b']);
  });

  it('throws the failure after the waiting items', async () => {
    const queue = new EventQueue<number>();
    queue.push(1);
    queue.fail(new Error('broken'));
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const item of queue) seen.push(item);
      })(),
    ).rejects.toThrow('broken');
    expect(seen).toEqual([1]);
  });

  it('keeps only the newest items when a bounded queue overflows', async () => {
    const queue = new EventQueue<number>({ max: 3, keep: 1 });
    for (let i = 1; i <= 5; i++) queue.push(i);
    expect(queue.size).toBe(2);
    queue.end();
    expect(await readAll(queue)).toEqual([4, 5]);
  });

  it('stops a waiting reader when its signal aborts', async () => {
    const controller = new AbortController();
    const queue = new EventQueue<number>({ signal: controller.signal });
    queue.push(1);
    const seen: number[] = [];
    const read = (async () => {
      for await (const item of queue) seen.push(item);
    })();
    await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    await read;
    expect(seen).toEqual([1]);
  });
});
