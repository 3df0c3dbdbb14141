// Token cost: tools/list size and each tool's default result size on a broker with 1,000 retained topics.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PROJECT_BIN, spawnMcp } from './lib/mcp-client.mjs';
import { startMosquitto } from './lib/mosquitto.mjs';
import { openSession } from './lib/project.mjs';
import { ROOT } from './lib/proc.mjs';
import { publishRetained } from './stdio-memory.mjs';

const TOPICS = 1000;
const LIST_BUDGET = 15_000;
const RESULT_BUDGET = 8000;

/** Default-argument calls of every tool (short windows); tools absent from a version are skipped. */
function calls(sessionId, url) {
  const s = { session_id: sessionId };
  return {
    mqtt_list_active_connections: {},
    mqtt_list_topics: { ...s, duration_seconds: 2 },
    mqtt_subscribe_and_collect: { ...s, topic_pattern: '#', duration_seconds: 2 },
    mqtt_get_topic_schema: { ...s, topic_pattern: '#', duration_seconds: 2 },
    mqtt_debug_device: { ...s, device_id: 'dev1', duration_seconds: 2 },
    mqtt_diagnose: { ...s, duration_seconds: 2 },
    mqtt_monitor_performance: { ...s, duration_seconds: 2 },
    mqtt_test_connection: { connection_string: url },
    mqtt_probe_latency: { ...s, duration_seconds: 1 },
    mqtt_list_retained: { ...s, topic_pattern: '#' },
    mqtt_clear_retained: { ...s, topic_pattern: '#' },
  };
}

/** Text characters of a tool result (every text block), as a model reads it. */
function textChars(result) {
  return (result.content ?? []).reduce((n, c) => n + (c.type === 'text' ? c.text.length : 0), 0);
}

async function measure(bin, url) {
  const server = await spawnMcp(bin, {}, 'size');
  try {
    const list = await server.client.listTools();
    const tools = list.tools.map((t) => t.name);
    const sizes = { mqtt_establish_connection: 0 };
    const sessionId = await openSession(server.client, url);
    const opened = await server.client.callTool({
      name: 'mqtt_establish_connection',
      arguments: { connection_string: url },
    });
    sizes.mqtt_establish_connection = textChars(opened);
    for (const [name, args] of Object.entries(calls(sessionId, url))) {
      if (!tools.includes(name)) continue;
      const result = await server.client.callTool({ name, arguments: args }, undefined, {
        timeout: 60_000,
      });
      sizes[name] = textChars(result);
    }
    return {
      tools: tools.length,
      tools_list_chars: JSON.stringify(list).length,
      result_chars: sizes,
    };
  } finally {
    await server.close();
  }
}

/** Runs this checkout, and the baseline bin given in MCP_SIZE_BASELINE_BIN, on one broker. */
export async function run() {
  const broker = await startMosquitto();
  try {
    await publishRetained(broker.url, TOPICS);
    const current = await measure(PROJECT_BIN, broker.url);
    const baselineBin = process.env.MCP_SIZE_BASELINE_BIN;
    const baseline = baselineBin ? await measure(baselineBin, broker.url) : undefined;
    const worst = Math.max(...Object.values(current.result_chars));
    return {
      topics: TOPICS,
      current,
      baseline,
      pass: current.tools_list_chars < LIST_BUDGET && worst < RESULT_BUDGET,
    };
  } finally {
    await broker.stop();
  }
}

function markdown(r) {
  const names = Object.keys({ ...r.baseline?.result_chars, ...r.current.result_chars });
  const rows = names.map(
    (n) => `| ${n} | ${r.baseline?.result_chars[n] ?? '-'} | ${r.current.result_chars[n] ?? '-'} |`,
  );
  return [
    `# MCP size (broker with ${r.topics} retained topics)`,
    '',
    '| measure | before | now |',
    '| --- | ---: | ---: |',
    `| tools/list characters | ${r.baseline?.tools_list_chars ?? '-'} | ${r.current.tools_list_chars} |`,
    ...rows,
    '',
    `Budgets: tools/list < ${LIST_BUDGET}, each default result < ${RESULT_BUDGET} text characters: ${r.pass ? 'met' : 'NOT met'}.`,
    '',
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await run();
  const dir = join(ROOT, 'bench', 'results');
  writeFileSync(join(dir, 'mcp-size.json'), `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(join(dir, 'mcp-size.md'), markdown(result));
  process.stdout.write(markdown(result));
  process.exit(0);
}
