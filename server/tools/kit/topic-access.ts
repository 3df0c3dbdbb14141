// Write tiers and topic permissions: which tools a deployment offers, where it may publish, what it may read.
import type { Config } from '../../config';
import { ToolError } from '../../errors';
import { topicMatches } from '../../mqtt/topics';
import type { AnyTool } from './define-tool';

/** How much a deployment may write: nothing, publishes (within the allow-list), or everything. */
export type WriteTier = 'read-only' | 'publish-allowed' | 'full';

/** The settings topic access is decided from. */
export type AccessConfig = Pick<
  Config,
  'MQTT_MCP_WRITE_TIER' | 'MQTT_MCP_READ_ONLY' | 'MQTT_MCP_PUBLISH_ALLOW' | 'MQTT_MCP_READ_ALLOW'
>;

/**
 * The effective tier: MQTT_MCP_WRITE_TIER, else the old switches as aliases (MQTT_MCP_READ_ONLY is
 * read-only, a MQTT_MCP_PUBLISH_ALLOW list is publish-allowed), else full.
 */
export function writeTier(config: AccessConfig): WriteTier {
  if (config.MQTT_MCP_WRITE_TIER) return config.MQTT_MCP_WRITE_TIER;
  if (config.MQTT_MCP_READ_ONLY) return 'read-only';
  return config.MQTT_MCP_PUBLISH_ALLOW.length > 0 ? 'publish-allowed' : 'full';
}

/** What the console shows about access: the tier and both lists. */
export function accessSummary(config: AccessConfig) {
  return {
    tier: writeTier(config),
    publish_allow: config.MQTT_MCP_PUBLISH_ALLOW,
    read_allow: config.MQTT_MCP_READ_ALLOW,
  };
}

/** Whether the tier allows a tool at all (reading tools always; retained management needs full). */
export function toolAllowed(config: AccessConfig, tool: Pick<AnyTool, 'writes'>): boolean {
  const tier = writeTier(config);
  if (!tool.writes) return true;
  if (tier === 'read-only') return false;
  return tool.writes === 'manage' ? tier === 'full' : true;
}

/** READ_ONLY when the tier forbids the tool; nothing was sent. */
export function assertToolAllowed(config: AccessConfig, tool: AnyTool): void {
  if (toolAllowed(config, tool)) return;
  const tier = writeTier(config);
  throw new ToolError(
    'READ_ONLY',
    tier === 'read-only'
      ? `${tool.name} is disabled: this server runs read-only (MQTT_MCP_READ_ONLY or MQTT_MCP_WRITE_TIER=read-only); nothing was sent`
      : `${tool.name} is disabled: it needs MQTT_MCP_WRITE_TIER=full (this server runs ${tier}); nothing was sent`,
    { tier },
  );
}

/** Why publishing on `topic` is refused (tier, allow-list), or undefined when it is allowed. */
export function publishRefusal(
  config: AccessConfig,
  topic: string,
): 'read_only' | 'allow_list' | undefined {
  const tier = writeTier(config);
  if (tier === 'read-only') return 'read_only';
  const allow = config.MQTT_MCP_PUBLISH_ALLOW;
  if (tier === 'publish-allowed' && allow.length > 0 && !allow.some((f) => topicMatches(f, topic)))
    return 'allow_list';
  return undefined;
}

/** PUBLISH_NOT_ALLOWED (or READ_ONLY) unless this server may publish on `topic`. */
export function assertPublishAllowed(config: AccessConfig, topic: string, argument: string): void {
  const refusal = publishRefusal(config, topic);
  if (refusal === 'read_only') {
    throw new ToolError('READ_ONLY', `${argument}: this server runs read-only; nothing was sent`, {
      argument,
    });
  }
  if (refusal === 'allow_list') {
    throw new ToolError(
      'PUBLISH_NOT_ALLOWED',
      `${argument}: "${topic}" is outside the publish allow-list (MQTT_MCP_PUBLISH_ALLOW: ${config.MQTT_MCP_PUBLISH_ALLOW.join(', ')}); nothing was sent`,
      { argument },
    );
  }
}

/** Whether a topic name may be read (MQTT_MCP_READ_ALLOW empty: every topic). */
export function canRead(config: Pick<Config, 'MQTT_MCP_READ_ALLOW'>, topic: string): boolean {
  const allow = config.MQTT_MCP_READ_ALLOW;
  return allow.length === 0 || allow.some((f) => topicMatches(f, topic));
}

/** The read filter sessions apply to every delivery, or undefined when everything is readable. */
export function readFilter(
  config: Pick<Config, 'MQTT_MCP_READ_ALLOW'>,
): ((topic: string) => boolean) | undefined {
  return config.MQTT_MCP_READ_ALLOW.length === 0 ? undefined : (topic) => canRead(config, topic);
}

/** TOPIC_NOT_READABLE unless `topic` (a name, or a filter without wildcards) may be read. */
export function assertReadable(
  config: Pick<Config, 'MQTT_MCP_READ_ALLOW'>,
  topic: string,
  argument: string,
): void {
  if (/[+#]/.test(topic) || canRead(config, topic)) return;
  throw new ToolError(
    'TOPIC_NOT_READABLE',
    `${argument}: "${topic}" is outside the read allow-list of this server (MQTT_MCP_READ_ALLOW); nothing was read`,
    { argument },
  );
}

/** Topic arguments checked against the read allow-list before any tool runs. */
const READ_ARGUMENTS = ['topic', 'reply_topic', 'topic_pattern', 'pattern'] as const;
/** Topic arguments of writing tools checked against the publish allow-list. */
const PUBLISH_ARGUMENTS = ['topic'] as const;

/**
 * The central check run for every call on every path: the tier allows the tool, a writing tool's
 * topic is inside the publish allow-list, and topic arguments are readable.
 */
export function assertCallAllowed(config: AccessConfig, tool: AnyTool, input: object): void {
  const args = input as Record<string, unknown>;
  if (tool.writes) {
    for (const name of PUBLISH_ARGUMENTS) {
      const value = args[name];
      if (typeof value === 'string') assertPublishAllowed(config, value, name);
    }
  }
  for (const name of READ_ARGUMENTS) {
    const value = args[name];
    if (typeof value !== 'string') continue;
    if (tool.writes && name === 'topic') continue;
    assertReadable(config, value, name);
  }
}
