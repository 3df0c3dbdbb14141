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

/** A JSON snippet's configuration, parsed. */
const config = (id: string, p = params) => JSON.parse(snippet(id, p).text);

/** A configuration holding one server, as a client's `mcpServers` file lists it. */
const mcpServers = (server: object, name = 'mqtt-mcp') => ({ mcpServers: { [name]: server } });

/** The arguments of `ssh` that run the stdio server in the container. */
const SSH_ARGS = ['umbrel@umbrel.local', 'docker', 'exec', '-i', 'mqtt-mcp_app_1', 'mqtt-mcp'];

describe('helpers', () => {
  it('builds the MCP endpoint without a double slash', () => {
    expect(mcpEndpoint(' http://h:8091// ')).toBe('http://h:8091/api/mcp');
  });

  it('builds the ssh command, falling back to defaults for blank fields', () => {
    expect(stdioCommand(params)).toEqual(['ssh', ...SSH_ARGS]);
    expect(stdioCommand({ sshTarget: ' ', container: '' })).toEqual(stdioCommand(params));
  });

  const quoted = {
    'umbrel@umbrel.local': 'umbrel@umbrel.local',
    'my app': "'my app'",
    "it's": "'it'\\''s'",
  };
  it.each(Object.entries(quoted))('quotes the shell word %s only when needed', (word, expected) => {
    expect(shellQuote(word)).toBe(expected);
  });

  it('double-quotes a header, escaping $ and "', () => {
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
    expect(config('claude-desktop-stdio')).toEqual(mcpServers({ command: 'ssh', args: SSH_ARGS }));
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
    expect(config('cursor-http')).toEqual(
      mcpServers({
        url: 'http://umbrel.local:8091/api/mcp',
        headers: { Authorization: 'Bearer tok_ABC-123' },
      }),
    );
    expect(config('cursor-stdio').mcpServers['mqtt-mcp'].command).toBe('ssh');
  });

  it('gives the local bridge the hub URL and token', () => {
    expect(snippet('local-node-shell').text).toBe(
      'MQTT_MCP_HUB_URL=http://umbrel.local:8091 MQTT_MCP_TOKEN=tok_ABC-123 node bin/mqtt-mcp.js',
    );
    expect(config('local-node-json').mcpServers['mqtt-mcp'].env).toEqual({
      MQTT_MCP_HUB_URL: 'http://umbrel.local:8091',
      MQTT_MCP_TOKEN: 'tok_ABC-123',
    });
  });

  it("adds a same-machine bridge through the hub's socket when the hub has one", () => {
    const withSocket = { ...params, socketPath: '/home/me/mqtt-mcp/data/hub.sock' };
    expect(setupSnippets(withSocket).at(-1)?.id).toBe('local-node-socket');
    expect(config('local-node-socket', withSocket).mcpServers['mqtt-mcp']).toEqual({
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
    const args = config('cursor-stdio', edited).mcpServers['broker-a'].args;
    expect(args).toEqual(['pi@10.0.0.5', 'docker', 'exec', '-i', 'my app', 'mqtt-mcp']);
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
      const entry = config(id, local).mcpServers['mqtt-mcp'];
      expect(entry.args).toEqual(['/home/me/mqtt-mcp/bin/mqtt-mcp.js']);
      expect(snippet(id, local).target).not.toMatch(/absolute path/);
    }
    expect(snippet('local-node-shell', local).text).toMatch(
      / node \/home\/me\/mqtt-mcp\/bin\/mqtt-mcp\.js$/,
    );
  });
});
