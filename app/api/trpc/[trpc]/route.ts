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

/**
 * A refused request is answered here, before tRPC runs (or reads a body): a subscription would
 * otherwise answer 200 with its error inside the stream. The body has tRPC's error shape, one
 * per procedure of a batch, so clients read it like any other error.
 */
function refused(request: Request, status: 401 | 403, message: string): Response {
  const url = new URL(request.url);
  const paths = decodeURIComponent(url.pathname.replace(/^\/api\/trpc\/?/, '')).split(',');
  const code = status === 401 ? 'UNAUTHORIZED' : 'FORBIDDEN';
  const shape = (path: string | undefined) => ({
    error: {
      message,
      code: status === 401 ? -32001 : -32003,
      data: { code, httpStatus: status, path, toolErrorCode: null },
    },
  });
  const batch = url.searchParams.get('batch') === '1';
  return Response.json(batch ? paths.map(shape) : shape(paths[0]), { status });
}

function payloadTooLarge(message: string): Response {
  return Response.json(
    { error: { message, code: -32600, data: { code: 'PAYLOAD_TOO_LARGE', httpStatus: 413 } } },
    { status: 413, headers: { connection: 'close' } },
  );
}

async function handle(request: Request): Promise<Response> {
  const hub = getHub();
  const access = evaluateAccess(request.headers, accessPolicy(hub), 'console');
  if (!access.ok) return refused(request, access.status, access.message);
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
    createContext: () => ({ hub, denial: null, via: access.via }),
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
