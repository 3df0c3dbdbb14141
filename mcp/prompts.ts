// MCP prompts: diagnosis playbooks a user picks by name; their arguments complete (mcp/completions.ts).
import {
  ProtocolError,
  ProtocolErrorCode,
  type GetPromptResult,
  type Prompt,
  type Server,
} from '@modelcontextprotocol/server';

/** One prompt: its listing, and the user message it renders from its arguments. */
interface PromptDef extends Prompt {
  render(args: Record<string, string>): string;
}

/** The `session_id` argument of a prompt. */
const SESSION_ARG = { name: 'session_id', description: 'Open session to use', required: true };

/** A playbook's text: what to do, the numbered steps, and what to report. */
function playbook(intro: string[], steps: string[], report: string): string {
  return [...intro, ...steps.map((step, i) => `${i + 1}. ${step}`), report].join('\n');
}

const PROMPTS: PromptDef[] = [
  {
    name: 'diagnose_device',
    title: 'Diagnose a device',
    description: 'Find out whether one device is healthy: presence, traffic, payloads, anomalies',
    arguments: [
      SESSION_ARG,
      {
        name: 'device',
        description: 'Device id: one topic level, e.g. kitchen-plug',
        required: true,
      },
    ],
    render: ({ session_id, device }) =>
      playbook(
        [`Diagnose the MQTT device "${device}" on session ${session_id}.`],
        [
          `Call mqtt_diagnose on session ${session_id} for findings about the device's topics.`,
          `Call mqtt_debug_device with device_id "${device}" to watch its traffic: status/last will, message gaps, errors, payload changes.`,
          `Read the retained values of its topics (resource mqtt://${session_id}/retained/<topic>).`,
        ],
        'Report: online or offline with the evidence, what it publishes and how often, anomalies, and the next step to take.',
      ),
  },
  {
    name: 'broker_health',
    title: 'Broker health check',
    description: 'Check a broker: reachability, TLS and auth, latency, load, clients, problems',
    arguments: [
      {
        name: 'broker',
        description: 'Open session id, or the name of a saved broker profile',
        required: true,
      },
    ],
    render: ({ broker }) =>
      playbook(
        [
          `Check the health of the MQTT broker behind "${broker}".`,
          `If "${broker}" is not an open session (mqtt_list_active_connections), call mqtt_establish_connection with profile "${broker}" first and use its session_id.`,
        ],
        [
          'mqtt_test_connection: reachability, TLS, authentication, round-trip latency.',
          'mqtt_monitor_performance: message and byte rates, $SYS load, busiest topics.',
          'mqtt_diagnose: findings across the broker and its devices.',
        ],
        'Summarise: reachable or not, load, latency, connected clients, problems found (most severe first) and recommended actions.',
      ),
  },
  {
    name: 'explore_topics',
    title: 'Explore topics',
    description: 'Map the topic tree of a session: groups, what each carries, rates, oddities',
    arguments: [
      SESSION_ARG,
      {
        name: 'topic_pattern',
        description: 'MQTT filter to explore (default #)',
        required: false,
      },
    ],
    render: ({ session_id, topic_pattern }) =>
      playbook(
        [`Explore the topics of session ${session_id} under ${topic_pattern || '#'}.`],
        [
          `Call mqtt_list_topics on ${topic_pattern || '#'} and group the topics by device or function.`,
          'Call mqtt_get_topic_schema on the busiest groups to learn their payloads.',
          `The inventory so far is the resource mqtt://${session_id}/topics.`,
        ],
        'Give a map of the topic tree: groups, what each carries (schema, units), rates, retained topics, and anything odd (errors, empty or binary payloads, stale devices).',
      ),
  },
];

/** Names and arguments of every prompt (prompts/list). */
export function listPrompts(): Prompt[] {
  return PROMPTS.map(({ render: _render, ...prompt }) => prompt);
}

/** Renders one prompt; -32602 for an unknown name or a missing required argument. */
export function getPrompt(name: string, args: Record<string, string> = {}): GetPromptResult {
  const prompt = PROMPTS.find((p) => p.name === name);
  if (!prompt) {
    throw new ProtocolError(
      ProtocolErrorCode.InvalidParams,
      `unknown prompt "${name}"; available: ${PROMPTS.map((p) => p.name).join(', ')}`,
    );
  }
  const missing = (prompt.arguments ?? []).filter((a) => a.required && !args[a.name]?.trim());
  if (missing.length > 0) {
    throw new ProtocolError(
      ProtocolErrorCode.InvalidParams,
      `prompt ${name} needs ${missing.map((a) => a.name).join(', ')}`,
    );
  }
  return {
    description: prompt.description,
    messages: [{ role: 'user', content: { type: 'text', text: prompt.render(args) } }],
  };
}

/** Registers prompts/list and prompts/get on a server. */
export function registerPrompts(server: Server): void {
  server.setRequestHandler('prompts/list', () => ({ prompts: listPrompts() }));
  server.setRequestHandler('prompts/get', (request) =>
    getPrompt(request.params.name, request.params.arguments),
  );
}
