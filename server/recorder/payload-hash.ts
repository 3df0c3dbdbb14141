// A 32-bit FNV-1a hash of a payload, to tell whether a retained value changed (pure).

/** FNV-1a over the bytes, mixed with the length; an unsigned 32-bit integer. */
export function payloadHash(bytes: Uint8Array): number {
  let h = 0x811c9dc5 ^ bytes.length;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i] as number;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
