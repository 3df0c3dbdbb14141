// MCP server factory (SDK v2, both protocol generations): the host's tools, resources, prompts, completions.
import {
  ProtocolError,
  ProtocolErrorCode,
  Server,
  type CallToolResult,
  type InputRequiredResult,
  type Tool,
} from '@modelcontextprotocol/server';
import type { CallOptions, ToolHost } from '../server/core';
import type { AnyTool, Caller } from '../server/tools/kit/define-tool';
import {
  leanAnnotations,
  leanInputJsonSchema,
  outputJsonSchema,
} from '../server/tools/kit/json-schema';
import { clientInfoOf } from './client-info';
import { registerCompletions } from './completions';
import { confirmAnswer, confirmationPrompt, declinedOutcome } from './confirm';
import { INSTRUCTIONS } from './instructions';
import { registerPrompts } from './prompts';
import { ResourceWatcher, watcherFor } from './resource-watch';
import { registerResources } from './resources';
import { toCallToolResult, type Era } from './tool-results';
import { UriSubscriptions } from './uri-subscriptions';

/** Server name and version announced to clients. */
export const SERVER_INFO = {
  name: 'mqtt-mcp',
  version: process.env.npm_package_version ?? '0.1.0',
};

/** What this server offers, the same on every transport and generation. */
export const CAPABILITIES = {
  tools: { listChanged: false },
  resources: { subscribe: true, listChanged: false },
  prompts: { listChanged: false },
  completions: {},
};

/** The MCP description of one tool, generated from the registry. */
export function toMcpTool(tool: AnyTool): Tool {
  return {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: leanInputJsonSchema(tool) as Tool['inputSchema'],
    outputSchema: outputJsonSchema(tool) as Tool['outputSchema'],
    annotations: leanAnnotations(tool.annotations),
  };
}

function registerTools(server: Server, host: ToolHost, caller: Caller, era: Era): void {
  server.setRequestHandler('tools/list', () => ({ tools: host.offeredTools().map(toMcpTool) }));
  server.setRequestHandler(
    'tools/call',
    async (request, ctx): Promise<CallToolResult | InputRequiredResult> => {
      const { name, arguments: args } = request.params;
      if (!host.offeredTools().some((t) => t.name === name)) {
        throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown tool: ${name}`);
      }
      const token = ctx.mcpReq._meta?.progressToken;
      let last = -Infinity;
      const opts: CallOptions = {
        caller,
        signal: ctx.mcpReq.signal,
        client: clientInfoOf(server, ctx.mcpReq.envelope, request.params._meta),
      };
      if (token !== undefined) {
        opts.onProgress = ({ progress, total, message }) => {
          // MCP requires progress to increase with every notification.
          if (progress <= last) return;
          last = progress;
          void ctx.mcpReq
            .notify({
              method: 'notifications/progress',
              params: { progressToken: token, progress, total, message },
            })
            .catch(() => undefined);
        };
      }
      const answer = confirmAnswer(ctx);
      if (answer === 'declined') return toCallToolResult(declinedOutcome(), name, era);
      const callArgs = answer ? { ...args, confirm: answer.token } : (args ?? {});
      const outcome = await host.callTool(name, callArgs, opts);
      return (
        (answer ? undefined : confirmationPrompt(outcome, server, ctx, era)) ??
        toCallToolResult(outcome, name, era)
      );
    },
  );
}

/**
 * 2025-11-25 `resources/subscribe`: the connection is told (`notifications/resources/updated`) when
 * a subscribed resource changes, until it unsubscribes or closes. (2026-07-28 clients name the URIs
 * in `subscriptions/listen` instead: see mcp/listen-tap.ts and mcp/http.ts.)
 */
function registerSubscriptions(server: Server, host: ToolHost): void {
  const subscriptions = new UriSubscriptions(watcherFor(host), (uri) => {
    void server.sendResourceUpdated({ uri }).catch(() => undefined);
  });
  const uriOf = (params: { uri: string }) => {
    if (!ResourceWatcher.watchable(params.uri)) {
      throw new ProtocolError(
        ProtocolErrorCode.InvalidParams,
        `${params.uri} cannot be subscribed to: only mqtt://sessions, mqtt://{session}/topics and mqtt://{session}/retained/{+topic} change`,
      );
    }
    return params.uri;
  };
  server.setRequestHandler('resources/subscribe', (request) => {
    const uri = uriOf(request.params);
    try {
      subscriptions.add(uri, [uri]);
    } catch (err) {
      throw new ProtocolError(ProtocolErrorCode.InvalidParams, (err as Error).message);
    }
    return {};
  });
  server.setRequestHandler('resources/unsubscribe', (request) => {
    subscriptions.remove(request.params.uri);
    return {};
  });
  server.onclose = () => subscriptions.clear();
}

/**
 * Creates a low-level MCP server over the host for one connection (or one HTTP request) of the
 * given generation. Its `onclose` releases the connection's resource subscriptions.
 */
export function createMcpServer(host: ToolHost, caller: Caller, era: Era = 'legacy'): Server {
  const server = new Server(SERVER_INFO, {
    capabilities: CAPABILITIES,
    instructions: INSTRUCTIONS,
  });
  registerTools(server, host, caller, era);
  registerResources(server, host);
  registerSubscriptions(server, host);
  registerPrompts(server);
  registerCompletions(server, host);
  return server;
}
