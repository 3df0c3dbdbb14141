// Unit tests of the MCP client configuration snippets.
import { describe, expect, it } from 'vitest';
import {
  clientOrder,
  doubleQuote,
  mcpEndpoint,
  setupSnippets,
  shellQuote,
  stdioCommand,
  type Snippet,
} from './snippets';

const params = {
  hubUrl: 'http://umbrel.local:8091/',
  token: 'tok_ABC-123',
  sshTarget: 'umbrel@umbrel.local',
  container: 'mqtt-mcp_app_1',
};

function snippet(id: string, p = params): Snippet {
  const found = setupSnippets(p).find((s) => s.id === id);
  if (!found) throw new Error(`no snippet ${id}`);
  return found;
}

describe('helpers', () => {
  it('builds the MCP endpoint without a double slash', () => {
    expect(mcpEndpoint(' http://h:8091// ')).toBe('http://h:8091/api/mcp');
  });

  it('builds the ssh command, falling back to defaults for blank fields', () => {
    expect(stdioCommand(params)).toEqual([
      'ssh',
      'umbrel@umbrel.local',
      'docker',
      'exec',
      '-i',
      'mqtt-mcp_app_1',
      'mqtt-mcp',
    ]);
    expect(stdioCommand({ sshTarget: ' ', container: '' })).toEqual(stdioCommand(params));
  });

  it('quotes shell words only when needed', () => {
    expect(shellQuote('umbrel@umbrel.local')).toBe('umbrel@umbrel.local');
    expect(shellQuote('my app')).toBe("'my app'");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(doubleQuote('Authorization: Bearer a$b"c')).toBe('"Authorization: Bearer a\\$b\\"c"');
  });
});

describe('setupSnippets', () => {
  it('offers Claude Desktop, Claude Code, Cursor and local variants', () => {
    expect(setupSnippets(params).map((s) => s.id)).toEqual([
      'claude-desktop-stdio',
      'claude-code-http',
      'claude-code-stdio',
      'cursor-http',
      'cursor-stdio',
      'local-node-shell',
      'local-node-json',
    ]);
  });

  it('gives Claude Desktop an ssh + docker exec -i command', () => {
    expect(JSON.parse(snippet('claude-desktop-stdio').text)).toEqual({
      mcpServers: {
        'mqtt-mcp': {
          command: 'ssh',
          args: ['umbrel@umbrel.local', 'docker', 'exec', '-i', 'mqtt-mcp_app_1', 'mqtt-mcp'],
        },
      },
    });
  });

  it('gives Claude Code an http command with the bearer token and a stdio command', () => {
    expect(snippet('claude-code-http').text).toBe(
      'claude mcp add --transport http mqtt-mcp http://umbrel.local:8091/api/mcp --header "Authorization: Bearer tok_ABC-123"',
    );
    expect(snippet('claude-code-stdio').text).toBe(
      'claude mcp add mqtt-mcp -- ssh umbrel@umbrel.local docker exec -i mqtt-mcp_app_1 mqtt-mcp',
    );
  });

  it('gives Cursor url + headers for Streamable HTTP', () => {
    expect(JSON.parse(snippet('cursor-http').text)).toEqual({
      mcpServers: {
        'mqtt-mcp': {
          url: 'http://umbrel.local:8091/api/mcp',
          headers: { Authorization: 'Bearer tok_ABC-123' },
        },
      },
    });
    expect(JSON.parse(snippet('cursor-stdio').text).mcpServers['mqtt-mcp'].command).toBe('ssh');
  });

  it('gives the local bridge the hub URL and token', () => {
    expect(snippet('local-node-shell').text).toBe(
      'MQTT_MCP_HUB_URL=http://umbrel.local:8091 MQTT_MCP_TOKEN=tok_ABC-123 node bin/mqtt-mcp.js',
    );
    expect(JSON.parse(snippet('local-node-json').text).mcpServers['mqtt-mcp'].env).toEqual({
      MQTT_MCP_HUB_URL: 'http://umbrel.local:8091',
      MQTT_MCP_TOKEN: 'tok_ABC-123',
    });
  });

  it("adds a same-machine bridge through the hub's socket when the hub has one", () => {
    const withSocket = { ...params, socketPath: '/home/me/mqtt-mcp/data/hub.sock' };
    expect(setupSnippets(withSocket).at(-1)?.id).toBe('local-node-socket');
    expect(
      JSON.parse(snippet('local-node-socket', withSocket).text).mcpServers['mqtt-mcp'],
    ).toEqual({
      command: 'node',
      args: ['/path/to/mqtt-mcp/bin/mqtt-mcp.js'],
      env: { MQTT_MCP_HUB_URL: 'unix:/home/me/mqtt-mcp/data/hub.sock' },
    });
    expect(snippet('local-node-socket', withSocket).text).not.toContain('tok_ABC-123');
  });

  it('uses the edited ssh target, container and name, quoting them in shell commands', () => {
    const edited = { ...params, sshTarget: 'pi@10.0.0.5', container: 'my app', name: 'broker-a' };
    expect(snippet('claude-code-stdio', edited).text).toBe(
      "claude mcp add broker-a -- ssh pi@10.0.0.5 docker exec -i 'my app' mqtt-mcp",
    );
    expect(JSON.parse(snippet('cursor-stdio', edited).text).mcpServers['broker-a'].args).toEqual([
      'pi@10.0.0.5',
      'docker',
      'exec',
      '-i',
      'my app',
      'mqtt-mcp',
    ]);
  });
});

describe('where the hub runs', () => {
  it('shows the local snippets first on a local checkout, last in a container', () => {
    expect(clientOrder('local')[0]).toBe('Local');
    expect(clientOrder('umbrel').at(-1)).toBe('Local');
    expect(clientOrder(undefined).at(-1)).toBe('Local');
  });

  it("uses the checkout's real path instead of a placeholder when the hub knows it", () => {
    const local = {
      ...params,
      place: 'local' as const,
      binPath: '/home/me/mqtt-mcp/bin/mqtt-mcp.js',
      socketPath: '/home/me/mqtt-mcp/data/hub.sock',
    };
    for (const id of ['local-node-json', 'local-node-socket']) {
      const entry = JSON.parse(snippet(id, local).text).mcpServers['mqtt-mcp'];
      expect(entry.args).toEqual(['/home/me/mqtt-mcp/bin/mqtt-mcp.js']);
      expect(snippet(id, local).target).not.toMatch(/absolute path/);
    }
    expect(snippet('local-node-shell', local).text).toMatch(
      / node \/home\/me\/mqtt-mcp\/bin\/mqtt-mcp\.js$/,
    );
  });
});
