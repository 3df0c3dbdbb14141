// Unit tests of the publish policy: read-only mode first, then the allow-list.
import { describe, expect, it } from 'vitest';
import { publishRefusal } from './publish-policy';

describe('publishRefusal', () => {
  it('refuses everything on a read-only server', () => {
    const config = { MQTT_MCP_READ_ONLY: true, MQTT_MCP_PUBLISH_ALLOW: ['#'] };
    expect(publishRefusal(config, 'a/b')).toBe('read_only');
  });

  it('allows any topic without an allow-list, and only matching ones with one', () => {
    expect(publishRefusal({ MQTT_MCP_READ_ONLY: false, MQTT_MCP_PUBLISH_ALLOW: [] }, 'a/b')).toBe(
      undefined,
    );
    const config = { MQTT_MCP_READ_ONLY: false, MQTT_MCP_PUBLISH_ALLOW: ['mqtt-mcp/#'] };
    expect(publishRefusal(config, 'mqtt-mcp/test/x')).toBeUndefined();
    expect(publishRefusal(config, 'plant/x')).toBe('allow_list');
  });
});
