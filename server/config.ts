// Configuration from the environment, parsed once by a zod schema with defaults and clear errors.
import { isAbsolute } from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off', ''])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const int = (min: number, max: number, def: number) =>
  z.coerce.number().int().min(min).max(max).default(def);

const list = z
  .string()
  .transform((v) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .default([]);

const UNIX_PREFIX = 'unix:';

function isHubAddress(value: string): boolean {
  if (value.startsWith(UNIX_PREFIX)) return hubSocketFromUrl(value).length > 0;
  return z.url({ protocol: /^https?$/ }).safeParse(value).success;
}

/** The socket path of a `unix:<path>` hub address (`unix:///abs` and `unix:/abs` alike), else undefined. */
export function hubSocketFromUrl(value: string): string;
export function hubSocketFromUrl(value: string | undefined): string | undefined;
export function hubSocketFromUrl(value: string | undefined): string | undefined {
  if (!value?.startsWith(UNIX_PREFIX)) return undefined;
  const rest = value.slice(UNIX_PREFIX.length);
  return rest.startsWith('//') ? rest.slice(2) : rest;
}

/** Where the hub listens for local bridges: MQTT_MCP_HUB_SOCKET, `off` for none, else `<data dir>/hub.sock`. */
export function hubSocketPath(config: Config): string | undefined {
  const value = config.MQTT_MCP_HUB_SOCKET;
  if (value === 'off') return undefined;
  // Plain string joins: path.join/resolve on a runtime value makes Next's file tracing copy the repo.
  const file = value ?? `${config.MQTT_MCP_DATA_DIR.replace(/\/+$/, '')}/hub.sock`;
  return isAbsolute(file) ? file : `${process.cwd()}/${file.replace(/^\.\//, '')}`;
}

/** The environment variables this project reads, with their defaults. */
export const configSchema = z.object({
  PORT: int(1, 65_535, 8091),
  HOST: z.string().min(1).default('0.0.0.0'),
  MQTT_MCP_DATA_DIR: z.string().min(1).default('./data'),
  MQTT_MCP_HUB_URL: z
    .string()
    .refine(isHubAddress, 'must be an http(s) URL of the hub, or unix:<path> of its bridge socket')
    .optional(),
  MQTT_MCP_HUB_SOCKET: z.string().min(1).optional(),
  MQTT_MCP_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  MQTT_MCP_MAX_SESSIONS: int(1, 100, 5),
  MQTT_MCP_SESSION_TTL_SECONDS: int(10, 7 * 24 * 3600, 3600),
  MQTT_MCP_CONNECT_TIMEOUT_SECONDS: int(1, 300, 30),
  MQTT_MCP_MAX_PAYLOAD_BYTES: int(1, 256 * 1024 * 1024, 1024 * 1024),
  MQTT_MCP_MAX_REQUEST_BYTES: z.coerce
    .number()
    .int()
    .min(64 * 1024)
    .max(1024 * 1024 * 1024)
    .optional(),
  MQTT_MCP_MAX_HTTP_SESSIONS: int(1, 10_000, 100),
  MQTT_MCP_MAX_STREAMS: int(1, 10_000, 64),
  MQTT_MCP_MAX_PROBES: int(1, 1000, 8),
  MQTT_MCP_READ_ONLY: bool.default(false),
  MQTT_MCP_PUBLISH_ALLOW: list,
  MQTT_MCP_WRITE_TIER: z.enum(['read-only', 'publish-allowed', 'full']).optional(),
  MQTT_MCP_READ_ALLOW: list,
  MQTT_MCP_DEFAULT_BROKER: z.string().min(1).optional(),
  MQTT_MCP_DEMO_BROKER: bool.default(false),
  MQTT_MCP_DEMO_PORT: int(0, 65_535, 1884),
  MQTT_MCP_TRUSTED_PROXY: list,
  MQTT_MCP_TRUST_LOOPBACK: bool.default(true),
  MQTT_MCP_ALLOWED_HOSTS: list,
  MQTT_MCP_JOURNAL_RETENTION_DAYS: int(1, 3650, 7),
  MQTT_MCP_SWEEP_SECONDS: int(1, 3600, 60),
  MQTT_MCP_RECORD_PATTERN: z.string().min(1).max(1024).default('#'),
  MQTT_MCP_RECORD_FLUSH_SECONDS: int(1, 60, 5),
  MQTT_MCP_RECORD_MAX_MB: int(16, 1_048_576, 200),
  MQTT_MCP_RECORD_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).optional(),
  MQTT_MCP_RECORD_DETAIL_HOURS: int(1, 720, 24),
  MQTT_MCP_RECORD_MESSAGES_PER_TOPIC: int(0, 100, 10),
  MQTT_MCP_RECORD_MAX_TOPICS: int(10, 1_000_000, 10_000),
  MQTT_MCP_RECORD_DIAGNOSIS_SECONDS: int(0, 86_400, 300),
  MQTT_MCP_EXPLORER_HISTORY: int(1, 10_000, 200),
  MQTT_MCP_EXPLORER_HISTORY_MB: int(1, 16_384, 64),
  MQTT_MCP_EXPLORER_IDLE_MINUTES: int(1, 7 * 24 * 60, 60),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['auto', 'pretty', 'json']).default('auto'),
});

/** Parsed configuration. */
export type Config = z.infer<typeof configSchema>;

/**
 * Largest request body (MCP HTTP, console API) or JSON-RPC line (stdio, bridge socket) accepted:
 * MQTT_MCP_MAX_REQUEST_BYTES, else room for the largest publish escaped in JSON (2 x payload + 1 MiB).
 */
export function maxRequestBytes(
  config: Pick<Config, 'MQTT_MCP_MAX_REQUEST_BYTES' | 'MQTT_MCP_MAX_PAYLOAD_BYTES'>,
): number {
  return config.MQTT_MCP_MAX_REQUEST_BYTES ?? 2 * config.MQTT_MCP_MAX_PAYLOAD_BYTES + 1024 * 1024;
}

/** Parses the environment; throws an Error listing every invalid variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const relevant = Object.fromEntries(
    Object.keys(configSchema.shape)
      .filter((k) => env[k] !== undefined && env[k] !== '')
      .map((k) => [k, env[k]]),
  );
  const parsed = configSchema.safeParse(relevant);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
