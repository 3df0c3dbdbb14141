// Test support: the rig of the MCP integration tests (a Mosquitto, a publisher, optionally the built hub), torn down after the file.
import { connectAsync, type MqttClient } from 'mqtt';
import { afterAll, beforeAll } from 'vitest';
import { hubBuilt, startHubProcess, type HubProcess } from './hub-process';
import type { McpTestClient } from './mcp-clients';
import { startMosquitto, type MosquittoBroker } from './mosquitto';

/** What the file's tests share; `clients` are closed after the file. */
export interface McpRig {
  broker: MosquittoBroker;
  /** An MQTT 5 client publishing test traffic. */
  publisher: MqttClient;
  /** The production hub (only with `hub: true` and a build present). */
  hub: HubProcess;
  clients: McpTestClient[];
}

/** Starts the rig before the file's tests and stops it (clients first) after them. */
export function useMcpRig(options: { hub?: boolean } = {}): McpRig {
  const rig = { clients: [] as McpTestClient[] } as McpRig;
  beforeAll(async () => {
    rig.broker = await startMosquitto({ debugLog: false });
    rig.publisher = await connectAsync(rig.broker.url, { protocolVersion: 5 });
    if (options.hub && hubBuilt()) rig.hub = await startHubProcess();
  }, 60_000);
  afterAll(async () => {
    for (const c of rig.clients) await c.close().catch(() => undefined);
    await rig.publisher?.endAsync();
    await rig.hub?.stop();
    await rig.broker?.stop();
  });
  return rig;
}
