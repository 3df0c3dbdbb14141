// Unit tests of the detection of where the hub runs.
import { describe, expect, it } from 'vitest';
import { installLocation, type LocationProbe } from './install-location';

function probe(
  files: Record<string, string>,
  env: Record<string, string> = {},
  cwd = '/',
): LocationProbe {
  return {
    cwd,
    env,
    exists: (p) => p in files,
    read: (p) => files[p],
  };
}

describe('installLocation', () => {
  it('finds the checkout above the working directory (the standalone server runs deeper)', () => {
    const files = {
      '/home/u/mqtt-mcp/package.json': '{ "name": "mqtt-mcp", "version": "1.0.0" }',
      '/home/u/mqtt-mcp/bin/mqtt-mcp.js': '',
      '/home/u/mqtt-mcp/.next/standalone/package.json': '{ "name": "standalone" }',
    };
    expect(installLocation(probe(files, {}, '/home/u/mqtt-mcp/.next/standalone'))).toEqual({
      kind: 'local',
      checkout: '/home/u/mqtt-mcp',
      bin: '/home/u/mqtt-mcp/bin/mqtt-mcp.js',
    });
  });

  it('tells a container from Umbrel and gives no local path in either', () => {
    expect(installLocation(probe({ '/.dockerenv': '' }))).toEqual({
      kind: 'docker',
      checkout: null,
      bin: null,
    });
    expect(
      installLocation(
        probe({ '/.dockerenv': '' }, { MQTT_MCP_TRUSTED_PROXY: 'mqtt-mcp_app_proxy_1' }),
      ).kind,
    ).toBe('umbrel');
  });

  it('is local without a checkout path when none is found', () => {
    expect(installLocation(probe({}, {}, '/srv/app'))).toEqual({
      kind: 'local',
      checkout: null,
      bin: null,
    });
  });
});
