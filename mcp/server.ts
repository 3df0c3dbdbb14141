// MCP server factory: registers every offered tool of a ToolHost with structured results and progress.
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { z } from 'zod';
import {
  CallToolRequestSchema,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
  type CallToolResult,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import type { CallOptions, ToolHost } from '../server/core';
import type { AnyTool, Caller } from '../server/tools/kit/define-tool';
import { inputJsonSchema, outputJsonSchema } from '../server/tools/kit/json-schema';
import type { ToolOutcome } from '../server/tools/kit/run-tool';

/** Server name and version announced in `initialize`. */
export const SERVER_INFO = {
  name: 'mqtt-mcp',
  version: process.env.npm_package_version ?? '0.1.0',
};

const INSTRUCTIONS =
  'MQTT tools: call mqtt_establish_connection first and pass its session_id to the other tools. ' +
  'Timed tools (list topics, collect, schema, debug, monitor) run for duration_seconds and report progress.';

/**
 * tools/call as the SDK's Protocol layer parses it before Server's own check. Security fix
 * (test/security/fuzz.int.test.ts): with CallToolRequestSchema here, malformed params (e.g.
 * `arguments: [1]`) failed that first parse and were answered -32603 Internal error with a raw zod
 * dump; with only the method checked here, Server validates CallToolRequestSchema itself and
 * answers -32602 Invalid params.
 */
const CallToolMethodSchema = z.object({ method: z.literal('tools/call'), params: z.unknown() });

/** The MCP description of one tool, generated from the registry. */
export function toMcpTool(tool: AnyTool): Tool {
  return {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: inputJsonSchema(tool) as Tool['inputSchema'],
    outputSchema: outputJsonSchema(tool) as Tool['outputSchema'],
    annotations: { title: tool.title, ...tool.annotations },
  };
}

/** The MCP result of a tool outcome: structured content plus the same JSON as text, or isError. */
export function toCallToolResult(outcome: ToolOutcome): CallToolResult {
  if (outcome.ok) {
    return {
      content: [{ type: 'text', text: JSON.stringify(outcome.data) }],
      structuredContent: outcome.data,
    };
  }
  return { isError: true, content: [{ type: 'text', text: outcome.error.toText() }] };
}

/** Creates a low-level MCP server whose tools are the host's offered tools. */
export function createMcpServer(host: ToolHost, caller: Caller): Server {
  const server = new Server(SERVER_INFO, {
    capabilities: { tools: { listChanged: false } },
    instructions: INSTRUCTIONS,
  });
  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: host.offeredTools().map(toMcpTool),
  }));
  server.setRequestHandler(CallToolMethodSchema, async (request, extra) => {
    // Server already validated the request against CallToolRequestSchema (-32602 when invalid).
    const { name, arguments: args, _meta } = CallToolRequestSchema.parse(request).params;
    if (!host.offeredTools().some((t) => t.name === name)) {
      throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${name}`);
    }
    const token = _meta?.progressToken;
    let last = -Infinity;
    const opts: CallOptions = { caller, signal: extra.signal };
    if (token !== undefined) {
      opts.onProgress = ({ progress, total, message }) => {
        // MCP requires progress to increase with every notification.
        if (progress <= last) return;
        last = progress;
        void extra
          .sendNotification({
            method: 'notifications/progress',
            params: { progressToken: token, progress, total, message },
          })
          .catch(() => undefined);
      };
    }
    return toCallToolResult(await host.callTool(name, args ?? {}, opts));
  });
  return server;
}
