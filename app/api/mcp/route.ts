// MCP over Streamable HTTP at /api/mcp: access control, then the hub's MCP handler (body cap, session cap).
import { jsonRpcError, mcpHttpEndpoint } from '@/mcp/http';
import { maxRequestBytes } from '@/server/config';
import { accessPolicy } from '@/server/http/policy';
import { checkAccess } from '@/server/http/auth';
import { bodyTooLarge, readBodyCapped } from '@/server/http/body-limit';
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
  let body: unknown;
  if (request.method === 'POST') {
    // The size is checked as the bytes arrive, before anything is parsed.
    const max = maxRequestBytes(hub.config);
    const read = await readBodyCapped(request, max);
    if (!read.ok) {
      hub.log.warn({ max }, 'MCP request refused: body too large');
      return jsonRpcError(413, -32600, bodyTooLarge(max), { connection: 'close' });
    }
    try {
      body = JSON.parse(read.text) as unknown;
    } catch {
      return jsonRpcError(400, -32700, 'Parse error');
    }
  }
  const limits = { maxSessions: hub.config.MQTT_MCP_MAX_HTTP_SESSIONS, log: hub.log };
  return mcpHttpEndpoint(hub).handle(request, limits, body);
}

async function handle(request: Request): Promise<Response> {
  return withSecurityHeaders(await respond(request));
}

export { handle as GET, handle as POST, handle as DELETE };
