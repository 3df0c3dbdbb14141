// Newline-delimited JSON framing: splitting a byte stream into lines (capped), writing one message per line.
import type { Writable } from 'node:stream';

/** Bytes kept from each end of a skipped line, so its JSON-RPC id can still be read. */
const EDGE_BYTES = 256;

/** What a line reader reports: each complete line, and each line skipped for its size. */
export interface LineSink {
  line(text: string): void;
  /** A line over the limit was skipped; `head` and `tail` are its first and last bytes. */
  oversize(head: string, tail: string): void;
}

function firstBytes(parts: Buffer[], n: number): Buffer {
  const out: Buffer[] = [];
  let size = 0;
  for (const p of parts) {
    if (size >= n) break;
    const take = p.subarray(0, n - size);
    out.push(take);
    size += take.length;
  }
  return Buffer.concat(out, size);
}

/** Feeds chunks in and calls the sink per line; a line over `maxLineBytes` is skipped, not held. */
export class LineReader {
  private chunks: Buffer[] = [];
  private size = 0;
  private discarding = false;
  private head = Buffer.alloc(0);
  private tail = Buffer.alloc(0);

  constructor(
    private readonly sink: LineSink,
    private readonly maxLineBytes: number,
  ) {}

  /** Takes one chunk of the stream. */
  push(data: Buffer | string): void {
    const chunk = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf(0x0a, start);
      if (newline === -1) {
        this.hold(chunk.subarray(start));
        return;
      }
      this.hold(chunk.subarray(start, newline));
      this.endLine();
      start = newline + 1;
    }
  }

  /** Drops a partial line held so far. */
  reset(): void {
    this.chunks = [];
    this.size = 0;
    this.discarding = false;
    this.head = Buffer.alloc(0);
    this.tail = Buffer.alloc(0);
  }

  private hold(part: Buffer): void {
    if (part.length === 0) return;
    if (this.discarding) {
      this.keepTail(part);
      return;
    }
    if (this.size + part.length > this.maxLineBytes) {
      // Too large: drop what is held (but its two ends) and skip to the end of this line.
      this.discarding = true;
      this.head = Buffer.from(firstBytes([...this.chunks, part], EDGE_BYTES));
      this.tail = Buffer.alloc(0);
      this.keepTail(part);
      this.chunks = [];
      this.size = 0;
      return;
    }
    this.chunks.push(part);
    this.size += part.length;
  }

  private keepTail(part: Buffer): void {
    this.tail =
      part.length >= EDGE_BYTES
        ? Buffer.from(part.subarray(part.length - EDGE_BYTES))
        : Buffer.concat([this.tail, part]).subarray(-EDGE_BYTES);
  }

  private endLine(): void {
    if (this.discarding) {
      this.discarding = false;
      const head = this.head.toString('utf8');
      const tail = this.tail.toString('utf8');
      this.head = Buffer.alloc(0);
      this.tail = Buffer.alloc(0);
      this.sink.oversize(head, tail);
      return;
    }
    const [first] = this.chunks;
    const line =
      this.chunks.length > 1
        ? Buffer.concat(this.chunks, this.size).toString('utf8')
        : (first?.toString('utf8') ?? '');
    this.chunks = [];
    this.size = 0;
    this.sink.line(line.endsWith('\r') ? line.slice(0, -1) : line);
  }
}

/** Writes one message as a line; resolves at once, or when the stream drains or closes. */
export function writeJsonLine(stream: Writable, message: unknown): Promise<void> {
  if (stream.write(`${JSON.stringify(message)}\n`)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done).on('close', done);
  });
}
