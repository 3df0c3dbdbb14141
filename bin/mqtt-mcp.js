#!/usr/bin/env node
// mqtt-mcp: the stdio MCP server (standalone, or a bridge to the hub when MQTT_MCP_HUB_URL is set).
import '../dist/mcp/stdio.js';
