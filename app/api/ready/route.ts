// Readiness: 200 when ready, 503 otherwise; the details (sessions, store, transports) only to a console caller.
import { hubSocketStatus } from '@/mcp/hub-socket';
import { mcpHttpEndpoint } from '@/mcp/http';
import { evaluateAccess } from '@/server/http/auth';
import { accessPolicy } from '@/server/http/policy';
import { getHub } from '@/server/hub';
import { readiness } from '@/server/readiness';

export const dynamic = 'force-dynamic';

export function GET(request: Request): Response {
  const hub = getHub();
  const report = readiness(hub, {
    mcpHttpSessions: mcpHttpEndpoint(hub).sessionCount(),
    bridgeSocketConnections: hubSocketStatus(hub)?.connections ?? null,
  });
  const status = report.status === 'ready' ? 200 : 503;
  // proxy.ts refused a foreign Host already. Session ids are capabilities (every tool takes one):
  // the full report goes only to a caller that may use the console API (token, or loopback/proxy
  // with the console's header), everyone else learns ready or not.
  const detailed = evaluateAccess(request.headers, accessPolicy(hub), 'console').ok;
  return Response.json(detailed ? report : { status: report.status }, { status });
}
