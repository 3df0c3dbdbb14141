// The hub in both protocol generations: its HTTP endpoint and the stdio bridge (socket and HTTP), every tool and the assist surface.
import { connectAsync, type MqttClient } from 'mqtt';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { hubBuilt, startHubProcess, type HubProcess } from '../test/hub-process';
import {
  connectHttp,
  connectStdio,
  GENERATIONS,
  type Generation,
  type McpTestClient,
} from '../test/mcp-clients';
import { callEveryTool, checkAssistSurface, closeAndCheckErrors } from '../test/mcp-conformance';
import { startMosquitto, type MosquittoBroker } from '../test/mosquitto';

type Path = 'hub HTTP' | 'bridge over the socket' | 'bridge over HTTP';
const PATHS: Path[] = ['hub HTTP', 'bridge over the socket', 'bridge over HTTP'];

let broker: MosquittoBroker;
let publisher: MqttClient;
let hub: HubProcess;
const clients: McpTestClient[] = [];

beforeAll(async () => {
  broker = await startMosquitto({ debugLog: false });
  publisher = await connectAsync(broker.url, { protocolVersion: 5 });
  if (hubBuilt()) hub = await startHubProcess();
}, 60_000);

afterAll(async () => {
  for (const c of clients) await c.close().catch(() => undefined);
  await publisher?.endAsync();
  await hub?.stop();
  await broker?.stop();
});

async function connect(path: Path, generation: Generation): Promise<McpTestClient> {
  const client =
    path === 'hub HTTP'
      ? await connectHttp(generation, `${hub.url}/api/mcp`)
      : await connectStdio(generation, {
          MQTT_MCP_HUB_URL: path === 'bridge over the socket' ? hub.socketUrl : hub.url,
        });
  clients.push(client);
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
      const { sessionId } = await callEveryTool(client, broker.url, prefix);
      await checkAssistSurface(client, sessionId, prefix, publisher);
      await closeAndCheckErrors(client, sessionId);
    }, 60_000);
  },
);
