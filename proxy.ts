// Next.js proxy in front of every page, asset and small route: Host check (DNS rebinding), CSP nonce, security headers.
//
// /api/mcp and /api/trpc are left out: Next.js buffers the body of every request that passes a
// proxy before the route sees it, so those two check their Host (and size) themselves, first.
import { NextResponse, type NextRequest } from 'next/server';
import { loadConfig } from './server/config';
import { hostAllowed, type HostPolicy } from './server/http/hosts';
import {
  BASE_SECURITY_HEADERS,
  newNonce,
  NONCE_HEADER,
  pageCsp,
} from './server/http/security-headers';

let policy: HostPolicy | undefined;

function hostPolicy(): HostPolicy {
  policy ??= { allowedHosts: loadConfig().MQTT_MCP_ALLOWED_HOSTS };
  return policy;
}

/** Refuses a foreign Host; otherwise forwards with a fresh nonce and answers with the security headers. */
export function proxy(request: NextRequest): NextResponse {
  const dev = process.env.NODE_ENV === 'development';
  const nonce = newNonce();
  const csp = pageCsp(nonce, dev);
  const host = request.headers.get('host') ?? '';
  let response: NextResponse;
  if (!hostAllowed(host, hostPolicy())) {
    response = new NextResponse(`Host "${host}" is not allowed (MQTT_MCP_ALLOWED_HOSTS)\n`, {
      status: 403,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
  } else {
    const headers = new Headers(request.headers);
    // Next.js reads the nonce from this request header and puts it on its own scripts.
    headers.set('content-security-policy', csp);
    headers.set(NONCE_HEADER, nonce);
    response = NextResponse.next({ request: { headers } });
  }
  response.headers.set('content-security-policy', csp);
  for (const [name, value] of Object.entries(BASE_SECURITY_HEADERS)) {
    response.headers.set(name, value);
  }
  return response;
}

export const config = {
  matcher: ['/((?!api/mcp|api/trpc/).*)'],
};
