// Minimal tRPC-over-fetch client for the hub's console API (no transformer, non-batched).

/** The header the console sends; without it (and without a token) the hub refuses console calls. */
export const CONSOLE = { 'x-mqtt-mcp-console': '1' };

/** URL of a tRPC query with its JSON input. */
export function queryUrl(base, path, input = {}) {
  return `${base}/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`;
}

/** Runs a tRPC query (GET) and returns result.data; throws with the error message otherwise. */
export async function trpcQuery(base, path, input = {}) {
  const res = await fetch(queryUrl(base, path, input), { headers: CONSOLE });
  const body = await res.json();
  if (!res.ok || body.error)
    throw new Error(`${path}: ${res.status} ${JSON.stringify(body.error ?? body).slice(0, 500)}`);
  return body.result.data;
}

/** Runs a tRPC mutation (POST with the JSON input as body) and returns result.data. */
export async function trpcMutation(base, path, input = {}) {
  const res = await fetch(`${base}/api/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...CONSOLE },
    body: JSON.stringify(input),
  });
  const body = await res.json();
  if (!res.ok || body.error)
    throw new Error(`${path}: ${res.status} ${JSON.stringify(body.error ?? body).slice(0, 500)}`);
  return body.result.data;
}

const PREFIXES = ['tools.invoke', 'tools.call'];
const prefixCache = new Map();

/**
 * The tRPC path of a registry tool (`tools.invoke.<name>`, formerly `tools.call.<name>`), found by
 * probing mqtt_list_active_connections once per hub; the router is still being renamed upstream.
 */
export async function toolPath(base, name) {
  if (!prefixCache.has(base)) {
    for (const prefix of PREFIXES) {
      const res = await fetch(queryUrl(base, `${prefix}.mqtt_list_active_connections`, {}), {
        headers: CONSOLE,
      });
      await res.arrayBuffer();
      if (res.status !== 404) {
        prefixCache.set(base, prefix);
        break;
      }
    }
    if (!prefixCache.has(base))
      throw new Error(`no tool procedure found under ${PREFIXES.join(' or ')}`);
  }
  return `${prefixCache.get(base)}.${name}`;
}
