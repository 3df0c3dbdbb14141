// Stamps each incoming HTTP request with its socket's peer address in a header clients cannot forge.
import http from 'node:http';

/** Header carrying the real peer address of the connection (overwritten on every request). */
export const PEER_HEADER = 'x-mqtt-mcp-peer-address';

const INSTALLED = Symbol.for('mqtt-mcp.peer-address-stamp');

/**
 * Patches http.Server so every 'request' carries PEER_HEADER = socket.remoteAddress. Route handlers
 * see only headers, and Next.js fills x-forwarded-for only when absent (so it can be spoofed).
 */
export function installPeerAddressStamp(): void {
  const proto = http.Server.prototype as http.Server & { [INSTALLED]?: true };
  if (proto[INSTALLED]) return;
  proto[INSTALLED] = true;
  const emit = proto.emit;
  proto.emit = function stampedEmit(this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === 'request') {
      const req = args[0] as http.IncomingMessage;
      req.headers[PEER_HEADER] = req.socket?.remoteAddress ?? '';
    }
    return (emit as (this: http.Server, e: string | symbol, ...a: unknown[]) => boolean).call(
      this,
      event,
      ...args,
    );
  } as typeof proto.emit;
}

/** True for loopback addresses (127.0.0.0/8, ::1, and IPv4-mapped loopback). */
export function isLoopback(address: string | null | undefined): boolean {
  if (!address) return false;
  const a = address.replace(/^::ffff:/i, '');
  return a === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a);
}
