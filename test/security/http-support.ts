// Security test support: raw HTTP with full control of Host and headers, a /api/health watch, peak RSS.
import type { IncomingHttpHeaders } from 'node:http';
import { request } from 'node:http';
import { readFileSync } from 'node:fs';

/** An answer read in full. */
export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** What to send: method, headers (Host defaults to 127.0.0.1:port), and a body. */
export interface RawRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /**
   * Send the headers first and the body only if no answer came within this many ms: a server
   * that refuses on the declared Content-Length answers before any byte of the body is sent, so
   * the answer is read before the server closes on the unread upload (no reset race).
   */
  answerBeforeBodyMs?: number;
}

/** One HTTP request to 127.0.0.1:port with any Host and headers (fetch cannot set Host). */
export function raw(port: number, path: string, req: RawRequest = {}): Promise<RawResponse> {
  const method = req.method ?? (req.body === undefined ? 'GET' : 'POST');
  return new Promise((resolve, reject) => {
    const r = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method,
        headers: { host: `127.0.0.1:${port}`, ...req.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        const done = () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          });
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', done);
        // A server that refuses a large upload may close before the body is sent: the answer stands.
        res.on('error', done);
        r.on('error', done);
      },
    );
    r.once('error', (err: NodeJS.ErrnoException) => {
      if (r.listenerCount('error') > 0) return;
      // The server answered and closed while the body was still being sent: the reset can come
      // before the answer is read. That is "no answer" (status 0), not a test error.
      if (err.code === 'EPIPE' || err.code === 'ECONNRESET') {
        resolve({ status: 0, headers: {}, body: `connection reset (${err.code})` });
      } else reject(err);
    });
    if (req.answerBeforeBodyMs === undefined || req.body === undefined) {
      r.end(req.body);
      return;
    }
    const body = req.body;
    r.setHeader('content-length', Buffer.byteLength(body));
    r.flushHeaders();
    const timer = setTimeout(() => r.end(body), req.answerBeforeBodyMs);
    r.once('response', () => clearTimeout(timer));
  });
}

/** Polls /api/health one request after the other and records how long each answer took. */
export class HealthWatch {
  readonly latenciesMs: number[] = [];
  failures = 0;
  private running = true;
  private readonly loop: Promise<void>;

  constructor(
    readonly baseUrl: string,
    everyMs = 100,
  ) {
    this.loop = (async () => {
      while (this.running) {
        const started = performance.now();
        try {
          const res = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(5000) });
          await res.arrayBuffer();
          if (res.status !== 200) this.failures++;
        } catch {
          this.failures++;
        }
        this.latenciesMs.push(performance.now() - started);
        await new Promise((r) => setTimeout(r, everyMs));
      }
    })();
  }

  /** Stops polling; the slowest answer (ms), the number of answers, and failures. */
  async stop(): Promise<{ maxMs: number; count: number; failures: number }> {
    this.running = false;
    await this.loop;
    return {
      maxMs: Math.max(0, ...this.latenciesMs),
      count: this.latenciesMs.length,
      failures: this.failures,
    };
  }
}

/** Peak resident set size of a process so far (VmHWM), in MiB. */
export function peakRssMb(pid: number): number {
  const kb = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) / 1024;
}

/** Resident set size now (VmRSS), in MiB. */
export function rssNowMb(pid: number): number {
  const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) / 1024;
}

/** The JSON-RPC initialize request an MCP client sends first (a long name pads it). */
export function initializeRequest(clientName = 'security-test'): string {
  return JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: {
      protocolVersion: '2025-06-18',
      capabilities: {},
      clientInfo: { name: clientName, version: '0' },
    },
  });
}

/** The initialize request of a test client. */
export const INITIALIZE = initializeRequest();

/** Headers of an MCP POST. */
export const MCP_POST = {
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
};
