// Unit tests of write tiers and topic permissions: tier mapping, tool gating, allow-lists, distinct codes.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config';
import { isToolError } from '../../errors';
import type { AnyTool } from './define-tool';
import {
  assertCallAllowed,
  assertToolAllowed,
  canRead,
  publishRefusal,
  toolAllowed,
  writeTier,
} from './topic-access';

const config = (env: Record<string, string> = {}) => loadConfig(env);
const tool = (writes?: true | 'manage') => ({ name: 't', writes }) as AnyTool;

function codeOf(fn: () => void): string | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    return isToolError(err) ? err.code : 'not a ToolError';
  }
}

describe('writeTier', () => {
  it('reads MQTT_MCP_WRITE_TIER, else maps the old switches', () => {
    expect(writeTier(config())).toBe('full');
    expect(writeTier(config({ MQTT_MCP_READ_ONLY: 'true' }))).toBe('read-only');
    expect(writeTier(config({ MQTT_MCP_PUBLISH_ALLOW: 'a/#' }))).toBe('publish-allowed');
    expect(writeTier(config({ MQTT_MCP_WRITE_TIER: 'publish-allowed' }))).toBe('publish-allowed');
    expect(writeTier(config({ MQTT_MCP_WRITE_TIER: 'full', MQTT_MCP_READ_ONLY: 'true' }))).toBe(
      'full',
    );
  });

  it('rejects an unknown tier with a clear error', () => {
    expect(() => config({ MQTT_MCP_WRITE_TIER: 'admin' })).toThrow(/MQTT_MCP_WRITE_TIER/);
  });
});

describe('toolAllowed', () => {
  it('offers reading tools always, publishing from publish-allowed, management only at full', () => {
    const tiers = ['read-only', 'publish-allowed', 'full'] as const;
    const table = tiers.map((t) => {
      const c = config({ MQTT_MCP_WRITE_TIER: t });
      return [toolAllowed(c, tool()), toolAllowed(c, tool(true)), toolAllowed(c, tool('manage'))];
    });
    expect(table).toEqual([
      [true, false, false],
      [true, true, false],
      [true, true, true],
    ]);
  });

  it('refuses a forbidden tool with READ_ONLY naming the tier it needs', () => {
    const c = config({ MQTT_MCP_WRITE_TIER: 'publish-allowed' });
    expect(() => assertToolAllowed(c, tool('manage'))).toThrow(/MQTT_MCP_WRITE_TIER=full/);
    expect(codeOf(() => assertToolAllowed(c, tool('manage')))).toBe('READ_ONLY');
  });
});

describe('publish allow-list and read allow-list', () => {
  it('applies the publish allow-list in publish-allowed only', () => {
    const allowed = config({ MQTT_MCP_PUBLISH_ALLOW: 'mqtt-mcp/#' });
    expect(publishRefusal(allowed, 'mqtt-mcp/test/x')).toBeUndefined();
    expect(publishRefusal(allowed, 'plant/x')).toBe('allow_list');
    const full = config({ MQTT_MCP_PUBLISH_ALLOW: 'mqtt-mcp/#', MQTT_MCP_WRITE_TIER: 'full' });
    expect(publishRefusal(full, 'plant/x')).toBeUndefined();
    expect(publishRefusal(config({ MQTT_MCP_READ_ONLY: '1' }), 'a')).toBe('read_only');
  });

  it('gives each refusal its own code', () => {
    const c = config({ MQTT_MCP_PUBLISH_ALLOW: 'ok/#', MQTT_MCP_READ_ALLOW: 'ok/#,home/+/state' });
    expect(codeOf(() => assertCallAllowed(c, tool(true), { topic: 'no/x' }))).toBe(
      'PUBLISH_NOT_ALLOWED',
    );
    expect(codeOf(() => assertCallAllowed(c, tool(true), { topic: 'ok/x' }))).toBeUndefined();
    expect(codeOf(() => assertCallAllowed(c, tool(true), { reply_topic: 'secret/r' }))).toBe(
      'TOPIC_NOT_READABLE',
    );
    expect(codeOf(() => assertCallAllowed(c, tool(), { topic: 'secret/x' }))).toBe(
      'TOPIC_NOT_READABLE',
    );
    expect(codeOf(() => assertCallAllowed(c, tool(), { topic_pattern: 'secret/#' }))).toBe(
      undefined,
    );
    expect(codeOf(() => assertCallAllowed(c, tool(), { topic: 'home/a/state' }))).toBeUndefined();
  });

  it('reads everything without a read allow-list, and matching topics with one', () => {
    expect(canRead(config(), 'any/thing')).toBe(true);
    const c = config({ MQTT_MCP_READ_ALLOW: 'home/#' });
    expect(canRead(c, 'home/x')).toBe(true);
    expect(canRead(c, 'office/x')).toBe(false);
  });
});
