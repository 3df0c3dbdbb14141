// Readiness: store open, sessions and their states, uptime, version (200 when ready, 503 otherwise).
import { hubSocketStatus } from '@/mcp/hub-socket';
import { mcpHttpSessionCount } from '@/mcp/http';
import { getHub } from '@/server/hub';
import { readiness } from '@/server/readiness';

export const dynamic = 'force-dynamic';

export function GET(): Response {
  const report = readiness(getHub(), {
    mcpHttpSessions: mcpHttpSessionCount(),
    bridgeSocketConnections: hubSocketStatus()?.connections ?? null,
  });
  return Response.json(report, { status: report.status === 'ready' ? 200 : 503 });
}
