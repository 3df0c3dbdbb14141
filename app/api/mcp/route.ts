// MCP over Streamable HTTP at /api/mcp: access control, then the hub's MCP handler (body cap, session cap).
import { handleMcpRequest } from '@/mcp/http';
import { maxRequestBytes } from '@/server/config';
import { accessPolicy } from '@/server/http/policy';
import { checkAccess } from '@/server/http/auth';
import { withSecurityHeaders } from '@/server/http/security-headers';
import { getHub } from '@/server/hub';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

async function respond(request: Request): Promise<Response> {
  const hub = getHub();
  const denial = checkAccess(request.headers, accessPolicy(hub), 'mcp');
  if (denial) {
    return new Response(
      JSON.stringify({
        jsonrpc: '2.0',
        error: { code: -32001, message: denial.message },
        id: null,
      }),
      {
        status: denial.status,
        headers: {
          'content-type': 'application/json',
          ...(denial.status === 401 ? { 'www-authenticate': 'Bearer realm="mqtt-mcp"' } : {}),
        },
      },
    );
  }
  return handleMcpRequest(request, hub, {
    maxSessions: hub.config.MQTT_MCP_MAX_HTTP_SESSIONS,
    maxBodyBytes: maxRequestBytes(hub.config),
    log: hub.log,
  });
}

async function handle(request: Request): Promise<Response> {
  return withSecurityHeaders(await respond(request));
}

export { handle as GET, handle as POST, handle as DELETE };
