// Security headers of every response: a strict CSP (a fresh nonce per page), no framing, nosniff, no referrer.

/** Headers every response carries besides its Content-Security-Policy. */
export const BASE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

/** CSP of API answers (JSON, SSE): nothing may load from them, and no page may frame them. */
export const API_CSP =
  "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * CSP of the console's pages: scripts only with this request's nonce (Next.js puts it on its own
 * scripts; 'strict-dynamic' lets them load the chunks they need), no plugins, no framing. Styles
 * may be inline (React style attributes); `'unsafe-eval'` only in development (React's dev tools).
 */
export function pageCsp(nonce: string, dev = false): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Request header in which the proxy hands the page's nonce to the root layout. */
export const NONCE_HEADER = 'x-nonce';

/** Its name as a type, for the root layout (app/ imports only types from server/). */
export type NonceHeader = typeof NONCE_HEADER;

/** A fresh, unguessable nonce for one page. */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString('base64');
}

/** Adds the security headers (API CSP unless one is set) to a response and returns it. */
export function withSecurityHeaders(response: Response): Response {
  let target = response;
  try {
    target.headers.set('x-content-type-options', 'nosniff');
  } catch {
    // Immutable headers (a fetched Response): copy into a new one.
    target = new Response(response.body, response);
  }
  for (const [name, value] of Object.entries(BASE_SECURITY_HEADERS))
    target.headers.set(name, value);
  if (!target.headers.has('content-security-policy')) {
    target.headers.set('content-security-policy', API_CSP);
  }
  return target;
}
