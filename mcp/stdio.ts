// The stdio entry an assistant launches: a bridge to the hub when MQTT_MCP_HUB_URL is set, else standalone.
import { loadConfig, maxRequestBytes, type Config } from '../server/config';
import { createLogger, type Logger } from '../server/logger';

async function runStandalone(config: Config, log: Logger): Promise<() => Promise<void>> {
  // LineStdioServerTransport instead of the SDK's StdioServerTransport: it answers malformed lines
  // per JSON-RPC and is not closed by an oversized one (see mcp/stdio-transport.ts). serveLines
  // speaks 2025-11-25 or 2026-07-28, as the client's first message asks.
  const [{ LineStdioServerTransport }, { Core }, { serveLines }, { prewarmMqtt }] =
    await Promise.all([
      import('./stdio-transport'),
      import('../server/core'),
      import('./serve-lines'),
      import('../server/mqtt/load-mqtt'),
    ]);
  const core = new Core(config, log);
  // A line over the cap is skipped as it streams in (never held or parsed) and answered -32600.
  const maxLine = maxRequestBytes(config);
  let warmed = false;
  const handle = serveLines(
    new LineStdioServerTransport(process.stdin, process.stdout, maxLine),
    core,
    'mcp-stdio',
    {
      log,
      onServer: () => {
        if (warmed) return;
        warmed = true;
        setTimeout(prewarmMqtt, 20).unref();
      },
    },
  );
  log.info({ mode: 'standalone' }, 'mqtt-mcp stdio server ready');
  return async () => {
    await core.close();
    await handle.close();
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
