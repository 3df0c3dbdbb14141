// Reads 2026-07-28 `subscriptions/listen` filters on a line connection, so their resource URIs get watched.
import type {
  JSONRPCMessage,
  MessageExtraInfo,
  RequestId,
  Transport,
  TransportSendOptions,
} from '@modelcontextprotocol/server';

/** The resource URIs a `subscriptions/listen` request asks to hear about, with its id. */
export interface ListenRequest {
  id: RequestId;
  uris: string[];
}

/** The listen request in a message, if it is one that names resources. */
export function listenRequestOf(message: unknown): ListenRequest | undefined {
  const m = message as {
    id?: RequestId;
    method?: string;
    params?: { notifications?: { resourceSubscriptions?: unknown } };
  };
  if (m?.method !== 'subscriptions/listen' || m.id === undefined) return undefined;
  const uris = m.params?.notifications?.resourceSubscriptions;
  if (!Array.isArray(uris)) return undefined;
  const named = uris.filter((u): u is string => typeof u === 'string');
  return named.length > 0 ? { id: m.id, uris: named } : undefined;
}

/** The request id a `notifications/cancelled` message cancels, if it is one. */
export function cancelledIdOf(message: unknown): RequestId | undefined {
  const m = message as { method?: string; params?: { requestId?: RequestId } };
  return m?.method === 'notifications/cancelled' ? m.params?.requestId : undefined;
}

/** What the tap reports: every inbound message (before the SDK sees it), and the close. */
export interface TapHooks {
  inbound(message: JSONRPCMessage): void;
  closed(): void;
}

/** A transport that passes everything through to `inner` and shows inbound messages to `hooks`. */
export class TappedTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage, extra?: MessageExtraInfo) => void;

  constructor(
    private readonly inner: Transport,
    private readonly hooks: TapHooks,
  ) {}

  /** Installs the pass-through callbacks, then starts the inner transport. */
  async start(): Promise<void> {
    this.inner.onmessage = (message, extra) => {
      this.hooks.inbound(message);
      this.onmessage?.(message, extra);
    };
    this.inner.onerror = (error) => this.onerror?.(error);
    this.inner.onclose = () => {
      this.hooks.closed();
      this.onclose?.();
    };
    await this.inner.start();
  }

  send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    return this.inner.send(message, options);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
