// The one redaction function: credentials never leave the process in logs, results, journal or UI.

// `scheme://`: a bounded scheme, so that a long run of letters (a large payload) scans in linear time.
const SCHEME = /[a-z][a-z0-9+.-]{0,31}:\/\//gi;
// A bare `user:password@host` (a connection string without a scheme) at the start of a word; the
// password may hold `/`, `?` and `#` (not `//`, which starts a URL: those are handled above).
const BARE_CREDENTIALS =
  /(^|[\s"'`])([^\s:/?#"'`@]+(?:@[^\s:/?#"'`@]+)*):(?!\/\/)([^\s"'`@]+(?:@[^\s"'`@]*)*)@(?=[\w[])/g;
// Keys whose string value is one whole connection string or URL (the journal's arguments).
const URL_KEY = /(^|_)(connection_string|url|uri|broker|address)$/i;
const SECRET_KEY =
  /(password|passphrase|passwd|secret|token|authorization|private_?key|client_?key|tls_?key|api_?key)$|^(key|pass)$/i;
const MASK = '***';

/** Secrets registered at runtime (passwords of open sessions) with their use counts. */
const knownSecrets = new Map<string, number>();

/** Registers a secret value so that any later text containing it is scrubbed. Ignores short values. */
export function registerSecret(secret: string | undefined): void {
  if (secret && secret.length >= 4) knownSecrets.set(secret, (knownSecrets.get(secret) ?? 0) + 1);
}

/** Releases one registration of a secret; it is forgotten when no session uses it any more. */
export function forgetSecret(secret: string | undefined): void {
  if (!secret) return;
  const left = (knownSecrets.get(secret) ?? 0) - 1;
  if (left > 0) knownSecrets.set(secret, left);
  else knownSecrets.delete(secret);
}

/** Masks a user info (`user:password`): the password, or everything when the user is empty. */
function maskUserInfo(userInfo: string): string | undefined {
  const colon = userInfo.indexOf(':');
  if (colon < 0) return undefined;
  const user = userInfo.slice(0, colon);
  return user ? `${user}:${MASK}` : MASK;
}

/**
 * Masks `scheme://user:password@` in free text. The user info runs to the LAST `@` (followed by
 * something host-like) before the line ends or the next URL starts, so a password holding a raw
 * `@`, `/`, `?`, `#` or space is masked whole. Security fix (server/redact.test.ts): the pattern
 * stopped at `/?#` and spaces, so `mqtt://u:pa#ss@h` reached the journal in clear. A URL whose
 * path holds an `@` after a port (`http://h:8080/p?q=a@b`) cannot be told from such a password and
 * is masked too.
 */
function redactUrls(text: string): string {
  const starts = [...text.matchAll(SCHEME)].map((m) => ({
    at: m.index,
    end: m.index + m[0].length,
  }));
  if (starts.length === 0) return text;
  let out = '';
  let copied = 0;
  starts.forEach((start, i) => {
    if (start.at < copied) return;
    const newline = text.indexOf('\n', start.end);
    const limit = Math.min(starts[i + 1]?.at ?? text.length, newline < 0 ? text.length : newline);
    let at = text.lastIndexOf('@', limit - 1);
    while (at >= start.end && !/[\w[]/.test(text.charAt(at + 1))) {
      at = text.lastIndexOf('@', at - 1);
    }
    if (at < start.end) return;
    const masked = maskUserInfo(text.slice(start.end, at));
    if (masked === undefined) return;
    out += `${text.slice(copied, start.end)}${masked}`;
    copied = at;
  });
  return out + text.slice(copied);
}

/** Masks the credentials of a value that is one whole connection string (spaces included). */
function redactUrlValue(value: string): string {
  const scheme = /^[a-z][a-z0-9+.-]{0,31}:\/\//i.exec(value)?.[0] ?? '';
  const at = value.lastIndexOf('@');
  const masked = at > scheme.length ? maskUserInfo(value.slice(scheme.length, at)) : undefined;
  return masked === undefined
    ? redactText(value)
    : redactText(`${scheme}${masked}${value.slice(at)}`);
}

/** Redacts credentials in text: `scheme://user:pass@`, bare `user:pass@host`, known secrets. */
export function redactText(text: string): string {
  let out = text;
  // Both patterns need an `@`. Security fix (test/security/fuzz.int.test.ts): without this check a
  // multi-megabyte argument without any `@` (a hostile or large payload) cost about 0.5 s per MB in
  // the URL pattern, blocking the event loop on every call (the hub redacts arguments twice).
  if (text.includes('@')) {
    out = redactUrls(out);
    out = out.replace(
      BARE_CREDENTIALS,
      (_m, lead: string, user: string) => `${lead}${user}:${MASK}@`,
    );
  }
  for (const secret of knownSecrets.keys()) {
    if (out.includes(secret)) out = out.split(secret).join(MASK);
  }
  return out;
}

/**
 * Redacts a value of any shape: strings are scrubbed, object keys that name secrets are masked,
 * errors keep their message (scrubbed). Cycles and excessive depth are cut.
 */
export function redact<T>(value: T, depth = 0, seen = new WeakSet<object>()): T {
  if (typeof value === 'string') return redactText(value) as T;
  if (value === null || typeof value !== 'object') return value;
  if (depth > 32 || seen.has(value)) return '[cut]' as T;
  seen.add(value);
  if (value instanceof Error) {
    return { name: value.name, message: redactText(value.message) } as T;
  }
  if (Buffer.isBuffer(value) || ArrayBuffer.isView(value)) return value;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1, seen)) as T;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (SECRET_KEY.test(key) && v !== undefined && v !== null && v !== '') {
      out[key] = typeof v === 'boolean' ? v : MASK;
    } else if (typeof v === 'string' && URL_KEY.test(key)) {
      out[key] = redactUrlValue(v);
    } else {
      out[key] = redact(v, depth + 1, seen);
    }
  }
  return out as T;
}
