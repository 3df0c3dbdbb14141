// The access policy of this hub, from its configuration, token and trusted proxies.
import type { Config } from '../config';
import type { AccessPolicy } from './auth';
import type { TrustedProxies } from './trusted-proxies';

/** What the access policy is built from (the hub provides all of it). */
export interface PolicySource {
  config: Pick<Config, 'MQTT_MCP_TRUST_LOOPBACK' | 'MQTT_MCP_ALLOWED_HOSTS'>;
  token: string;
  trustedProxies: Pick<TrustedProxies, 'has'>;
}

/** Builds the access policy the HTTP routes enforce. */
export function accessPolicy(source: PolicySource): AccessPolicy {
  return {
    token: source.token,
    trustLoopback: source.config.MQTT_MCP_TRUST_LOOPBACK,
    trustedProxy: (peer) => source.trustedProxies.has(peer),
    allowedHosts: source.config.MQTT_MCP_ALLOWED_HOSTS,
  };
}
