// The stdio entry an assistant launches: a bridge to the hub when MQTT_MCP_HUB_URL is set, else standalone.
import { loadConfig, type Config } from '../server/config';
import { createLogger, type Logger } from '../server/logger';

async function runStandalone(config: Config, log: Logger): Promise<() => Promise<void>> {
  // LineStdioServerTransport instead of the SDK's StdioServerTransport: it answers malformed lines
  // per JSON-RPC and is not closed by an oversized one (see mcp/stdio-transport.ts).
  const [
    { LineStdioServerTransport, DEFAULT_MAX_LINE_BYTES },
    { Core },
    { createMcpServer },
    { prewarmMqtt },
  ] = await Promise.all([
    import('./stdio-transport'),
    import('../server/core'),
    import('./server'),
    import('../server/mqtt/load-mqtt'),
  ]);
  const core = new Core(config, log);
  const server = createMcpServer(core, 'mcp-stdio');
  server.oninitialized = () => setTimeout(prewarmMqtt, 20).unref();
  const maxLine = Math.max(
    DEFAULT_MAX_LINE_BYTES,
    2 * config.MQTT_MCP_MAX_PAYLOAD_BYTES + 1024 * 1024,
  );
  await server.connect(new LineStdioServerTransport(process.stdin, process.stdout, maxLine));
  log.info({ mode: 'standalone' }, 'mqtt-mcp stdio server ready');
  return async () => {
    await core.close();
    await server.close();
  };
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    process.stderr.write(`mqtt-mcp: ${(err as Error).message}\n`);
    process.exit(2);
  }
  const log = createLogger(config.LOG_LEVEL, config.LOG_FORMAT);
  const stop = config.MQTT_MCP_HUB_URL
    ? await (await import('./bridge')).runBridge(config, log)
    : await runStandalone(config, log);
  let stopping = false;
  const shutdown = (why: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ why }, 'mqtt-mcp stdio server stopping');
    const force = setTimeout(() => process.exit(0), 3000);
    force.unref();
    void stop().finally(() => process.exit(0));
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.stdin.on('end', () => shutdown('stdin closed'));
  process.stdin.on('close', () => shutdown('stdin closed'));
}

main().catch((err: unknown) => {
  process.stderr.write(`mqtt-mcp: fatal: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
