// THE registry: every tool, in the order clients see them. Adding a tool here adds it everywhere.
import type { AnyTool } from './kit/define-tool';
import { closeConnection } from './close-connection';
import { debugDevice } from './debug-device';
import { diagnose } from './diagnose';
import { establishConnection } from './establish-connection';
import { getTopicSchema } from './get-topic-schema';
import { listActiveConnections } from './list-active-connections';
import { listTopics } from './list-topics';
import { monitorPerformance } from './monitor-performance';
import { probeLatency } from './probe-latency';
import { publishMessage } from './publish-message';
import { clearRetained } from './retained/clear-retained';
import { listRetained } from './retained/list-retained';
import { restoreRetained } from './retained/restore-retained';
import { queryHistory } from './query-history';
import { request } from './request';
import { subscribeAndCollect } from './subscribe-and-collect';
import { testConnection } from './test-connection';

/** Every tool of this server. */
export const toolRegistry = [
  establishConnection,
  listActiveConnections,
  closeConnection,
  listTopics,
  subscribeAndCollect,
  publishMessage,
  listRetained,
  clearRetained,
  restoreRetained,
  request,
  getTopicSchema,
  debugDevice,
  diagnose,
  monitorPerformance,
  testConnection,
  probeLatency,
  queryHistory,
] as const satisfies readonly AnyTool[];

/** A tool of the registry, with its own name, kind and zod schemas as types. */
export type RegisteredTool = (typeof toolRegistry)[number];

/** The name of a tool of the registry. */
export type ToolName = RegisteredTool['name'];
