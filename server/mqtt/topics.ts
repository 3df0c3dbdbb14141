// MQTT topic rules: validation of topic names and filters, and filter matching (pure).
import { ToolError } from '../errors';

const MAX_TOPIC_BYTES = 65_535;

/** The first lone surrogate, control character (C0 but NUL, DEL, C1) or non-character, if any. */
function badCodePoint(
  text: string,
): { index: number; codePoint: number; lone: boolean } | undefined {
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i) ?? 0;
    if (cp >= 0xd800 && cp <= 0xdfff) return { index: i, codePoint: cp, lone: true };
    const control = (cp >= 0x01 && cp <= 0x1f) || (cp >= 0x7f && cp <= 0x9f);
    const nonCharacter = (cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) === 0xfffe;
    if (control || nonCharacter) return { index: i, codePoint: cp, lone: false };
    if (cp > 0xffff) i++;
  }
  return undefined;
}

function checkCommon(topic: string, what: string, argument: string): void {
  if (topic.length === 0) {
    throw new ToolError('INVALID_TOPIC', `${argument}: the ${what} is empty`, { argument });
  }
  if (topic.includes('\u0000')) {
    throw new ToolError('INVALID_TOPIC', `${argument}: the ${what} contains a NUL character`, {
      argument,
    });
  }
  // Security fix (test/security/fuzz.int.test.ts): a lone surrogate cannot be encoded as UTF-8
  // (MQTT requires well-formed UTF-8; MQTT.js silently sent U+FFFD, i.e. another topic), and
  // control characters and Unicode non-characters (which MQTT says SHOULD NOT be used) make
  // Mosquitto close the connection, so one hostile argument dropped a session other calls shared.
  const bad = badCodePoint(topic);
  if (bad) {
    const code = `U+${bad.codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
    throw new ToolError(
      'INVALID_TOPIC',
      bad.lone
        ? `${argument}: the ${what} is not well-formed Unicode (lone surrogate ${code} at index ${bad.index}); MQTT requires well-formed UTF-8`
        : `${argument}: the ${what} contains the control character or non-character ${code} at index ${bad.index}; MQTT says it should not be used, and brokers such as Mosquitto drop the connection`,
      { argument },
    );
  }
  const bytes = Buffer.byteLength(topic, 'utf8');
  if (bytes > MAX_TOPIC_BYTES) {
    throw new ToolError(
      'INVALID_TOPIC',
      `${argument}: the ${what} is ${bytes} UTF-8 bytes long; MQTT allows at most ${MAX_TOPIC_BYTES}`,
      { argument },
    );
  }
}

/**
 * Validates an MQTT UTF-8 string other than a topic (MQTT 5 property text): no NUL, control
 * character, non-character or lone surrogate. Security fix (test/security/fuzz.int.test.ts):
 * Mosquitto drops the connection on them, so they are refused before any I/O.
 */
export function validateMqttString(text: string, argument: string): void {
  const bad = text.includes('\u0000')
    ? { index: text.indexOf('\u0000'), codePoint: 0, lone: false }
    : badCodePoint(text);
  if (!bad) return;
  const code = `U+${bad.codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
  throw new ToolError(
    'INVALID_INPUT',
    `${argument}: ${bad.lone ? 'lone surrogate' : 'control character or non-character'} ${code} at index ${bad.index} is not allowed in an MQTT string`,
    { argument },
  );
}

/** Validates a topic name for publishing: non-empty, no wildcards, no NUL, at most 65,535 bytes. */
export function validateTopicName(topic: string, argument = 'topic'): void {
  checkCommon(topic, 'topic', argument);
  if (topic.includes('+') || topic.includes('#')) {
    throw new ToolError(
      'INVALID_TOPIC',
      `${argument}: "${topic}" contains a wildcard (+ or #); wildcards are allowed in subscriptions, not in publish topics`,
      { argument },
    );
  }
}

/** Validates a subscription filter: `#` only last and alone in its level, `+` alone in its level. */
export function validateTopicFilter(filter: string, argument = 'topic_pattern'): void {
  checkCommon(filter, 'topic filter', argument);
  const shared = filter.startsWith('$share/');
  const levels = shared ? filter.split('/').slice(2) : filter.split('/');
  const group = shared ? (filter.split('/')[1] ?? '') : '';
  if (shared && (levels.join('/') === '' || group === '' || /[+#]/.test(group))) {
    throw new ToolError(
      'INVALID_TOPIC',
      `${argument}: a shared subscription needs the form $share/<group>/<filter> (the group without + or #)`,
      { argument },
    );
  }
  levels.forEach((level, i) => {
    if (level.includes('#') && (level !== '#' || i !== levels.length - 1)) {
      throw new ToolError(
        'INVALID_TOPIC',
        `${argument}: "#" must be the last level and stand alone in it (e.g. "sensors/#"), got "${filter}"`,
        { argument },
      );
    }
    if (level.includes('+') && level !== '+') {
      throw new ToolError(
        'INVALID_TOPIC',
        `${argument}: "+" must stand alone in its level (e.g. "sensors/+/temp"), got "${filter}"`,
        { argument },
      );
    }
  });
}

/** True when the filter contains a wildcard. */
export function hasWildcard(filter: string): boolean {
  return filter.includes('+') || filter.includes('#');
}

/** The filter without a `$share/<group>/` prefix. */
export function stripShare(filter: string): string {
  return filter.startsWith('$share/') ? filter.split('/').slice(2).join('/') : filter;
}

/**
 * True when `topic` matches `filter` per MQTT rules. Topics starting with `$` are not matched by
 * a filter starting with a wildcard.
 */
export function topicMatches(filter: string, topic: string): boolean {
  // Walks both strings level by level without splitting them: this runs once per message and
  // topic on the hot paths (collection windows, duplicate filter, topic listings).
  const f = stripShare(filter);
  const flen = f.length;
  const tlen = topic.length;
  const wildFirst = f.charCodeAt(0) === HASH || f.charCodeAt(0) === PLUS;
  if (topic.charCodeAt(0) === DOLLAR && wildFirst && (flen === 1 || f.charCodeAt(1) === SLASH)) {
    return false;
  }
  let fi = 0;
  let ti = 0;
  for (;;) {
    let fe = f.indexOf('/', fi);
    if (fe < 0) fe = flen;
    const levelLength = fe - fi;
    const first = f.charCodeAt(fi);
    if (levelLength === 1 && first === HASH) return true;
    // Past the last topic level (a trailing empty level still counts as one).
    if (ti > tlen) return false;
    let te = topic.indexOf('/', ti);
    if (te < 0) te = tlen;
    if (!(levelLength === 1 && first === PLUS) && !sameLevel(f, fi, topic, ti, levelLength, te)) {
      return false;
    }
    if (fe === flen) return te === tlen;
    fi = fe + 1;
    ti = te + 1;
  }
}

const SLASH = 47;
const HASH = 35;
const PLUS = 43;
const DOLLAR = 36;

function sameLevel(f: string, fi: number, t: string, ti: number, length: number, te: number) {
  if (te - ti !== length) return false;
  for (let k = 0; k < length; k++) if (f.charCodeAt(fi + k) !== t.charCodeAt(ti + k)) return false;
  return true;
}
