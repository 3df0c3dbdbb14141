// MQTT.js options for a broker address: the part every client of this project shares.
import type { IClientOptions } from 'mqtt';
import type { BrokerAddress } from './connection-string';

/** Transport, credentials and "no automatic reconnect or resubscribe" for an address. */
export function addressOptions(address: BrokerAddress): IClientOptions {
  return {
    protocol: address.scheme,
    host: address.host,
    port: address.port,
    path: address.path,
    username: address.username,
    password: address.password,
    reconnectPeriod: 0,
    resubscribe: false,
  };
}
