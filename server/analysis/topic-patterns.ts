// Generalises topics into patterns by replacing id-like levels with `+` (pure).

/*
 * A level becomes `+` when it is, case-insensitively:
 * 1. all digits: `42`, `0007`;
 * 2. a UUID: `3f2b1c4e-9a7d-4e1f-8c3b-2a1d5e6f7a8b`;
 * 3. a MAC address: 12 hex digits, alone or in pairs joined by `:` or `-`;
 * 4. a hex string of 8 or more characters containing a digit: `a1b2c3d4`, `00ff12ab99`;
 * 5. a name followed by `_` or `-` and digits: `sensor_17`, `node-3`, `living_room_2`;
 * 6. a name followed by `_` or `-` and 4+ hex characters containing a digit: `shelly-7C87CE`;
 * 7. letters followed directly by 3 or more digits: `device0042`, `esp8266`;
 * 8. a long token: 16+ letters/digits/`_`/`-` with at least 3 digits and a letter;
 * 9. a short id: one or two letters and 1-4 digits: `m1`, `m01`, `ab12`;
 * 10. 4-6 letters and digits interleaved (a letter before a digit and a digit before a letter):
 *     `k7x2`, `a1b2c3`.
 * Everything else is kept: `temperature`, `living_room`, `floor1`, `esp32`, `zigbee2mqtt`.
 * Empty levels and wildcards are kept, and topics starting with `$` (such as `$SYS`) are
 * returned unchanged.
 */
const ID_LEVEL = [
  /^\d+$/,
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  /^[0-9a-f]{2}([:-]?)[0-9a-f]{2}(?:\1[0-9a-f]{2}){4}$/i,
  /^(?=.*\d)[0-9a-f]{8,}$/i,
  /^[a-z][a-z0-9_-]*[_-]\d+$/i,
  /^[a-z][a-z0-9_-]*[_-](?=[0-9a-f]*\d)[0-9a-f]{4,}$/i,
  /^[a-z]+\d{3,}$/i,
  /^(?=(?:.*\d){3})(?=.*[a-z])[a-z0-9_-]{16,}$/i,
  /^[a-z]{1,2}\d{1,4}$/i,
  /^(?=.*[a-z]\d)(?=.*\d[a-z])[a-z0-9]{4,6}$/i,
];

/** Whether one topic level looks like an identifier or a number (see the rules above). */
export function isIdLevel(level: string): boolean {
  return ID_LEVEL.some((re) => re.test(level));
}

/** Replaces id-like levels of a topic with `+`; `$`-topics are returned unchanged. */
export function generalizeTopic(topic: string): string {
  if (topic.startsWith('$')) return topic;
  return topic
    .split('/')
    .map((level) => (isIdLevel(level) ? '+' : level))
    .join('/');
}

/** Groups distinct topics by their pattern, both in order of first appearance. */
export function groupTopics(topics: string[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  const seen = new Set<string>();
  for (const topic of topics) {
    if (seen.has(topic)) continue;
    seen.add(topic);
    const pattern = generalizeTopic(topic);
    const group = groups.get(pattern);
    if (group) group.push(topic);
    else groups.set(pattern, [topic]);
  }
  return groups;
}
