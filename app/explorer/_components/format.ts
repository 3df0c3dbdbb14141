// Display formatting of the explorer (pure): compact counts, rates, payloads, ages.

/** A count as `999`, `12,345`, `123k` or `1.2M`. */
export function formatCount(n: number): string {
  if (n < 100_000) return n.toLocaleString('en-US');
  if (n < 1_000_000) return `${Math.round(n / 1000)}k`;
  return `${(n / 1_000_000).toFixed(n < 10_000_000 ? 1 : 0)}M`;
}

/** Messages per second as `0.3/s`, `42/s` or `5.1k/s`. */
export function formatRate(perSecond: number): string {
  if (perSecond < 10) return `${(Math.round(perSecond * 10) / 10).toString()}/s`;
  if (perSecond < 1000) return `${Math.round(perSecond)}/s`;
  return `${(perSecond / 1000).toFixed(1)}k/s`;
}

/** A payload for reading: JSON pretty-printed, text as is, binary as base64. */
export function prettyPayload(record: { payload_format: string; payload?: unknown }): string {
  if (record.payload_format === 'json' && typeof record.payload !== 'string') {
    return JSON.stringify(record.payload, null, 2) ?? '';
  }
  return typeof record.payload === 'string'
    ? record.payload
    : (JSON.stringify(record.payload) ?? '');
}

/** Time since `ms` as `4 s ago`, `3 min ago`, `2 h ago`. */
export function formatAge(ms: number, nowMs = Date.now()): string {
  const s = Math.max(0, Math.round((nowMs - ms) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86_400)} d ago`;
}
