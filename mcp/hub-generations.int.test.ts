// The hub in both protocol generations: its HTTP endpoint and the stdio bridge (socket and HTTP), every tool and the assist surface.
import { randomUUID } from 'node:crypto';
import { describe, it } from 'vitest';
import { hubBuilt } from '../test/hub-process';
import {
  connectHttp,
  connectStdio,
  GENERATIONS,
  type Generation,
  type McpTestClient,
} from '../test/mcp-clients';
import { callEveryTool, checkAssistSurface, closeAndCheckErrors } from '../test/mcp-conformance';
import { useMcpRig } from '../test/mcp-rig';

type Path = 'hub HTTP' | 'bridge over the socket' | 'bridge over HTTP';
const PATHS: Path[] = ['hub HTTP', 'bridge over the socket', 'bridge over HTTP'];

const rig = useMcpRig({ hub: true });

async function connect(path: Path, generation: Generation): Promise<McpTestClient> {
  const client =
    path === 'hub HTTP'
      ? await connectHttp(generation, `${rig.hub.url}/api/mcp`)
      : await connectStdio(generation, {
          MQTT_MCP_HUB_URL: path === 'bridge over the socket' ? rig.hub.socketUrl : rig.hub.url,
        });
  rig.clients.push(client);
  return client;
}

describe
  .runIf(hubBuilt())
  .each(PATHS.flatMap((path) => GENERATIONS.map((g) => [path, g] as const)))(
  '%s, %s',
  (path, generation) => {
    it('lists and calls every tool, serves resources, notifies on change, prompts and completes', async () => {
      const client = await connect(path, generation);
      const prefix = `hub-${randomUUID().slice(0, 8)}`;
      const { sessionId } = await callEveryTool(client, rig.broker.url, prefix);
      await checkAssistSurface(client, sessionId, prefix, rig.publisher);
      await closeAndCheckErrors(client, sessionId);
    }, 60_000);
  },
);
