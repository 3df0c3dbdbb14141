// Newline-delimited JSON framing: splitting a byte stream into lines (capped), writing one message per line.
import type { Writable } from 'node:stream';

/** What a line reader reports: each complete line, and each line skipped for its size. */
export interface LineSink {
  line(text: string): void;
  oversize(): void;
}

/** Feeds chunks in and calls the sink per line; a line over `maxLineBytes` is skipped, not held. */
export class LineReader {
  private chunks: Buffer[] = [];
  private size = 0;
  private discarding = false;

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
  }

  private hold(part: Buffer): void {
    if (this.discarding || part.length === 0) return;
    if (this.size + part.length > this.maxLineBytes) {
      // Too large: drop what is held and skip to the end of this line.
      this.discarding = true;
      this.chunks = [];
      this.size = 0;
      return;
    }
    this.chunks.push(part);
    this.size += part.length;
  }

  private endLine(): void {
    if (this.discarding) {
      this.discarding = false;
      this.sink.oversize();
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
