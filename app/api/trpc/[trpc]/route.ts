// The console API at /api/trpc: tRPC's fetch adapter with access control in the context.
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { checkAccess } from '@/server/http/auth';
import { accessPolicy } from '@/server/http/policy';
import { getHub } from '@/server/hub';
import { appRouter } from '@/server/trpc/routers/_app';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

function handler(req: Request): Promise<Response> {
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    createContext: () => {
      const hub = getHub();
      return { hub, denial: checkAccess(req.headers, accessPolicy(hub), 'console') };
    },
    onError: ({ error, path }) => {
      if (error.code === 'INTERNAL_SERVER_ERROR')
        getHub().log.error({ path, err: error }, 'console API error');
    },
  });
}

export { handler as GET, handler as POST };
