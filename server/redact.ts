// The one redaction function: credentials never leave the process in logs, results, journal or UI.

// `scheme://user:password@`: the user info runs to the last `@` of the authority (as URL parsers
// read it), so a raw `@` in a user name or password is covered. The scheme is bounded so that a
// long run of letters (a large payload) is scanned in linear time.
const URL_CREDENTIALS = /([a-z][a-z0-9+.-]{0,31}:\/\/)([^\s/?#@]*(?:@[^\s/?#@]*)*)@/gi;
// A bare `user:password@host` (a connection string without a scheme) at the start of a word.
const BARE_CREDENTIALS =
  /(^|[\s"'`])([^\s:/?#"'`@]+(?:@[^\s:/?#"'`@]+)*):([^\s/?#"'`@]+(?:@[^\s/?#"'`@]*)*)@(?=[\w[])/g;
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

/** Redacts credentials in text: `scheme://user:pass@`, bare `user:pass@host`, known secrets. */
export function redactText(text: string): string {
  let out = text;
  // Both patterns need an `@`. Security fix (test/security/fuzz.int.test.ts): without this check a
  // multi-megabyte argument without any `@` (a hostile or large payload) cost about 0.5 s per MB in
  // the URL pattern, blocking the event loop on every call (the hub redacts arguments twice).
  if (text.includes('@')) {
    out = out.replace(URL_CREDENTIALS, (match: string, scheme: string, userInfo: string) => {
      const colon = userInfo.indexOf(':');
      if (colon < 0) return match;
      const user = userInfo.slice(0, colon);
      return user ? `${scheme}${user}:${MASK}@` : `${scheme}${MASK}@`;
    });
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
    } else {
      out[key] = redact(v, depth + 1, seen);
    }
  }
  return out as T;
}
