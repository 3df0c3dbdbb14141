#!/usr/bin/env node
// mqtt-mcp: the stdio MCP server (standalone, or a bridge to the hub when MQTT_MCP_HUB_URL is set).
import { setFlagsFromString } from 'node:v8';

// Memory: V8 grows the young generation from its initial 1 MB semi-space to 16 MB (32 MB resident
// once a burst touches both halves) on the survivors of module loading alone. This server's young
// objects are per-message garbage, so the growth buys nothing (same ingest rate and cold start)
// and cost about 30 MB of RSS. --max-semi-space-size is fixed when the isolate is created, which
// `node bin/mqtt-mcp.js` does not let us reach; the growth factor is read at each growth, so
// setting it before the server's modules load keeps the initial size however this file is run.
setFlagsFromString('--semi-space-growth-factor=1');
await import('../dist/mcp/stdio.js');
