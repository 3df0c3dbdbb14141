// The access policy of this hub, from its configuration and token.
import type { Hub } from '../hub';
import type { AccessPolicy } from './auth';

/** Builds the access policy the HTTP routes enforce. */
export function accessPolicy(hub: Hub): AccessPolicy {
  return {
    token: hub.token,
    trustLoopback: hub.config.MQTT_MCP_TRUST_LOOPBACK,
    trustedProxy: (peer) => hub.trustedProxies.has(peer),
    allowedHosts: hub.config.MQTT_MCP_ALLOWED_HOSTS,
  };
}
