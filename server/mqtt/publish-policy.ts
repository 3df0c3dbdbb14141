// Whether this server may publish on a topic: read-only mode and the publish allow-list.
import type { Config } from '../config';
import { topicMatches } from './topics';

/** Why publishing on `topic` is not allowed (read-only server, outside the allow-list), or undefined. */
export function publishRefusal(
  config: Pick<Config, 'MQTT_MCP_READ_ONLY' | 'MQTT_MCP_PUBLISH_ALLOW'>,
  topic: string,
): 'read_only' | 'allow_list' | undefined {
  if (config.MQTT_MCP_READ_ONLY) return 'read_only';
  const allow = config.MQTT_MCP_PUBLISH_ALLOW;
  if (allow.length > 0 && !allow.some((f) => topicMatches(f, topic))) return 'allow_list';
  return undefined;
}
