// Client transport over a local stream socket (the hub's bridge socket): one JSON-RPC message per line.
import { connect, type Socket } from 'node:net';
import type { JSONRPCMessage, Transport } from '@modelcontextprotocol/client';
import { LineReader, writeJsonLine } from './line-reader';

/** Longest line accepted from the hub (tool results can be large; the hub is trusted). */
const MAX_HUB_LINE_BYTES = 512 * 1024 * 1024;

/** Error thrown by `send` when the socket is gone (the hub stopped or restarted). */
export class HubConnectionClosedError extends Error {
  constructor() {
    super('the connection to the mqtt-mcp hub is closed');
  }
}

/** A Transport to the hub's Unix socket; `onclose` fires once when the hub side goes away. */
export class SocketClientTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private socket?: Socket;
  private closed = false;
  private readonly reader = new LineReader(
    {
      line: (text) => this.onLine(text),
      oversize: () => this.onerror?.(new Error('a message from the hub was too large')),
    },
    MAX_HUB_LINE_BYTES,
  );

  constructor(private readonly path: string) {}

  /** Connects; rejects when nothing listens on the socket. */
  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = connect(this.path);
      const fail = (err: Error) => reject(err);
      socket.once('error', fail);
      socket.once('connect', () => {
        socket.off('error', fail);
        this.socket = socket;
        socket.on('data', (chunk: Buffer) => this.reader.push(chunk));
        socket.on('error', (err) => this.onerror?.(err));
        socket.on('close', () => this.finish());
        resolve();
      });
    });
  }

  /** Writes one message as a line; throws HubConnectionClosedError when the socket is gone. */
  send(message: JSONRPCMessage): Promise<void> {
    const socket = this.socket;
    if (!socket || this.closed || socket.destroyed)
      return Promise.reject(new HubConnectionClosedError());
    return writeJsonLine(socket, message);
  }

  /** Closes the socket. */
  async close(): Promise<void> {
    this.socket?.end();
    this.socket?.destroy();
    this.finish();
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    this.reader.reset();
    this.onclose?.();
  }

  private onLine(text: string): void {
    if (text.trim() === '') return;
    try {
      this.onmessage?.(JSON.parse(text) as JSONRPCMessage);
    } catch (err) {
      this.onerror?.(err as Error);
    }
  }
}
