// The console API at /api/trpc: access control and a capped body first, then tRPC's fetch adapter.
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { evaluateAccess } from '@/server/http/auth';
import { bodyTooLarge, readBodyCapped } from '@/server/http/body-limit';
import { accessPolicy } from '@/server/http/policy';
import { withSecurityHeaders } from '@/server/http/security-headers';
import { getHub } from '@/server/hub';
import { maxRequestBytes } from '@/server/config';
import { appRouter } from '@/server/trpc/routers/_app';
import { rootCause } from '@/server/trpc/tool-error';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

function payloadTooLarge(message: string): Response {
  return Response.json(
    { error: { message, code: -32600, data: { code: 'PAYLOAD_TOO_LARGE', httpStatus: 413 } } },
    { status: 413, headers: { connection: 'close' } },
  );
}

async function handle(request: Request): Promise<Response> {
  const hub = getHub();
  const access = evaluateAccess(request.headers, accessPolicy(hub), 'console');
  let req = request;
  if (request.method === 'POST') {
    // The size is checked as the bytes arrive, before tRPC parses anything.
    const max = maxRequestBytes(hub.config);
    const body = await readBodyCapped(request, max);
    if (!body.ok) {
      hub.log.warn({ max }, 'console API request refused: body too large');
      return payloadTooLarge(bodyTooLarge(max));
    }
    req = new Request(request.url, { method: 'POST', headers: request.headers, body: body.text });
  }
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    createContext: () => ({
      hub,
      denial: access.ok ? null : { status: access.status, message: access.message },
      via: access.ok ? access.via : null,
    }),
    onError: ({ error, path }) => {
      if (error.code === 'INTERNAL_SERVER_ERROR')
        hub.log.error({ path, err: rootCause(error) }, 'console API error');
    },
  });
}

async function handler(request: Request): Promise<Response> {
  return withSecurityHeaders(await handle(request));
}

export { handler as GET, handler as POST };
