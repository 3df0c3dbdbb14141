// The cap on connection probes running at once (temporary clients opened by mqtt_test_connection).
import { ToolError } from '../errors';
import type { Logger } from '../logger';
import type { Slots } from '../slots';

const POOL = 'connection-probes';

/**
 * Takes a probe slot of `slots` for a temporary broker connection; throws LIMIT_REACHED (and logs it) when
 * MQTT_MCP_MAX_PROBES probes already run. The caller gives the slot back when its client is closed.
 */
export function takeProbeSlot(slots: Slots, max: number, log: Logger): () => void {
  const release = slots.take(POOL, max);
  if (release) return release;
  log.warn({ max }, 'connection probe refused: MQTT_MCP_MAX_PROBES reached');
  throw new ToolError(
    'LIMIT_REACHED',
    `${max} connection tests already run at once (MQTT_MCP_MAX_PROBES); nothing was opened, try again when one has finished`,
    { limit: max },
  );
}
