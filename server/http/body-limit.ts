// Request bodies read under a byte cap before any parsing: the size is checked as the bytes arrive.

/** A body read in full, or refused for its size (nothing past the cap was kept). */
export type CappedBody = { ok: true; text: string } | { ok: false };

/**
 * Reads a request body as UTF-8 text, refusing it as soon as the declared length or the bytes
 * received exceed `maxBytes`; at most `maxBytes` plus one chunk is ever held.
 */
export async function readBodyCapped(request: Request, maxBytes: number): Promise<CappedBody> {
  const declared = Number(request.headers.get('content-length') ?? '');
  if (Number.isFinite(declared) && declared > maxBytes) return { ok: false };
  if (!request.body) return { ok: true, text: '' };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      void reader.cancel().catch(() => undefined);
      return { ok: false };
    }
    chunks.push(value);
  }
  return { ok: true, text: Buffer.concat(chunks, size).toString('utf8') };
}

/** The message of a refused body, naming the limit and the setting. */
export function bodyTooLarge(maxBytes: number): string {
  return `request body larger than ${maxBytes} bytes refused (MQTT_MCP_MAX_REQUEST_BYTES)`;
}
