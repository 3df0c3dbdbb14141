// Pure generation of MCP client configurations (Claude Desktop, Claude Code, Cursor, local node) for this hub.

/** What the snippets are generated from. */
export interface SetupParams {
  /** Base URL of the hub as an assistant's machine reaches it, e.g. `http://umbrel.local:8091`. */
  hubUrl: string;
  /** Bearer token of /api/mcp (or a mask of it, for display). */
  token: string;
  /** SSH destination of the machine running the container, e.g. `umbrel@umbrel.local`. */
  sshTarget: string;
  /** Docker container of the app, e.g. `mqtt-mcp_app_1`. */
  container: string;
  /** Name the client registers the server under. Default `mqtt-mcp`. */
  name?: string;
  /** Absolute path of the hub's bridge socket, when it has one (for bridges on the same machine). */
  socketPath?: string;
  /** Where the hub runs: its own snippets come first (local: the checkout's bridge). */
  place?: 'local' | 'docker' | 'umbrel';
  /** Absolute path of the checkout's `bin/mqtt-mcp.js`, when the hub runs from a checkout. */
  binPath?: string;
}

/** Placeholder of the stdio entry's path when the hub does not know it. */
export const BIN_PLACEHOLDER = '/path/to/mqtt-mcp/bin/mqtt-mcp.js';

/** The client groups in the order the setup page shows them: local first on a local checkout. */
export function clientOrder(place: SetupParams['place']): Array<Snippet['client']> {
  const remote: Array<Snippet['client']> = ['Claude Desktop', 'Claude Code', 'Cursor'];
  return place === 'local' ? ['Local', ...remote] : [...remote, 'Local'];
}

/** One copy-paste configuration. */
export interface Snippet {
  id: string;
  client: 'Claude Desktop' | 'Claude Code' | 'Cursor' | 'Local';
  transport: 'stdio' | 'http';
  title: string;
  /** Where the text goes (a file or a terminal). */
  target: string;
  language: 'json' | 'shell';
  text: string;
  note?: string;
}

/** Default SSH destination (Umbrel's user and mDNS name). */
export const DEFAULT_SSH_TARGET = 'umbrel@umbrel.local';
/** Default container name of the app on Umbrel. */
export const DEFAULT_CONTAINER = 'mqtt-mcp_app_1';
/** Default server name in client configurations. */
export const DEFAULT_SERVER_NAME = 'mqtt-mcp';

/** The hub URL without trailing slashes or whitespace. */
export function normalizeHubUrl(url: string): string {
  return url.trim().replace(/\/+$/, '');
}

/** The Streamable HTTP endpoint of a hub. */
export function mcpEndpoint(hubUrl: string): string {
  return `${normalizeHubUrl(hubUrl)}/api/mcp`;
}

/** The command line an assistant runs for stdio: `ssh <target> docker exec -i <container> mqtt-mcp`. */
export function stdioCommand(p: Pick<SetupParams, 'sshTarget' | 'container'>): string[] {
  return [
    'ssh',
    p.sshTarget.trim() || DEFAULT_SSH_TARGET,
    'docker',
    'exec',
    '-i',
    p.container.trim() || DEFAULT_CONTAINER,
    'mqtt-mcp',
  ];
}

/** A word quoted for a POSIX shell only when it needs to be. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A word in double quotes for a POSIX shell, with backslash, quote, dollar and backtick escaped. */
export function doubleQuote(word: string): string {
  return `"${word.replace(/[\\"$`]/g, '\\$&')}"`;
}

function json(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

/** Every configuration for this hub, in the order the setup page shows them. */
export function setupSnippets(p: SetupParams): Snippet[] {
  const name = p.name?.trim() || DEFAULT_SERVER_NAME;
  const [command, ...args] = stdioCommand(p);
  const endpoint = mcpEndpoint(p.hubUrl);
  const auth = `Bearer ${p.token}`;
  const stdioServer = { command, args };
  const httpServer = { url: endpoint, headers: { Authorization: auth } };
  const sshNote =
    'Needs key-based SSH login to that machine (no password prompt) and a user allowed to run docker. No token: the bridge reaches the hub through its socket inside the container.';
  return [
    {
      id: 'claude-desktop-stdio',
      client: 'Claude Desktop',
      transport: 'stdio',
      title: 'Claude Desktop · stdio over SSH',
      target:
        'claude_desktop_config.json (macOS: ~/Library/Application Support/Claude/, Windows: %APPDATA%\\Claude\\)',
      language: 'json',
      text: json({ mcpServers: { [name]: stdioServer } }),
      note: sshNote,
    },
    {
      id: 'claude-code-http',
      client: 'Claude Code',
      transport: 'http',
      title: 'Claude Code · Streamable HTTP',
      target: 'terminal',
      language: 'shell',
      text: `claude mcp add --transport http ${shellQuote(name)} ${shellQuote(endpoint)} --header ${doubleQuote(`Authorization: ${auth}`)}`,
    },
    {
      id: 'claude-code-stdio',
      client: 'Claude Code',
      transport: 'stdio',
      title: 'Claude Code · stdio over SSH',
      target: 'terminal',
      language: 'shell',
      text: `claude mcp add ${shellQuote(name)} -- ${stdioCommand(p).map(shellQuote).join(' ')}`,
      note: sshNote,
    },
    {
      id: 'cursor-http',
      client: 'Cursor',
      transport: 'http',
      title: 'Cursor · Streamable HTTP',
      target: '.cursor/mcp.json (project) or ~/.cursor/mcp.json (global)',
      language: 'json',
      text: json({ mcpServers: { [name]: httpServer } }),
    },
    {
      id: 'cursor-stdio',
      client: 'Cursor',
      transport: 'stdio',
      title: 'Cursor · stdio over SSH',
      target: '.cursor/mcp.json (project) or ~/.cursor/mcp.json (global)',
      language: 'json',
      text: json({ mcpServers: { [name]: stdioServer } }),
      note: sshNote,
    },
    {
      id: 'local-node-shell',
      client: 'Local',
      transport: 'stdio',
      title: 'Local · node bridge (terminal)',
      target: p.binPath
        ? 'terminal (the checkout is built with npm run build:mcp)'
        : 'terminal, in a checkout of mqtt-mcp built with npm run build:mcp',
      language: 'shell',
      text: `MQTT_MCP_HUB_URL=${shellQuote(normalizeHubUrl(p.hubUrl))} MQTT_MCP_TOKEN=${shellQuote(p.token)} node ${shellQuote(p.binPath ?? 'bin/mqtt-mcp.js')}`,
      note: 'Speaks MCP on stdin/stdout and forwards every call to this hub. Without MQTT_MCP_HUB_URL it runs standalone, with its own sessions.',
    },
    {
      id: 'local-node-json',
      client: 'Local',
      transport: 'stdio',
      title: 'Local · node bridge (any client config)',
      target: localTarget(p),
      language: 'json',
      text: nodeBridgeConfig(name, p.binPath, {
        MQTT_MCP_HUB_URL: normalizeHubUrl(p.hubUrl),
        MQTT_MCP_TOKEN: p.token,
      }),
    },
    ...(p.socketPath ? [localSocketSnippet(name, p.socketPath, p)] : []),
  ];
}

function localTarget(p: SetupParams): string {
  return p.binPath
    ? 'the mcpServers section of your client'
    : 'the mcpServers section of your client, with the absolute path of your checkout';
}

/** An mcpServers entry running the checkout's stdio entry with the given environment. */
function nodeBridgeConfig(
  name: string,
  binPath: string | undefined,
  env: Record<string, string>,
): string {
  return json({
    mcpServers: { [name]: { command: 'node', args: [binPath ?? BIN_PLACEHOLDER], env } },
  });
}

function localSocketSnippet(name: string, socketPath: string, p: SetupParams): Snippet {
  return {
    id: 'local-node-socket',
    client: 'Local',
    transport: 'stdio',
    title: "Local · node bridge through the hub's socket (same machine)",
    target: localTarget(p),
    language: 'json',
    text: nodeBridgeConfig(name, p.binPath, { MQTT_MCP_HUB_URL: `unix:${socketPath}` }),
    note: 'On the machine running this hub, as the user running it (the socket is mode 0600): no token, and the fastest bridge. Inside the Docker image, docker exec -i … mqtt-mcp already uses it.',
  };
}
