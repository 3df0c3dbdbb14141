// The few operations probes need (subscribe, publish, listen), on a session or on a bare MQTT.js client.
import type { MqttClient } from 'mqtt';
import { ToolError } from '../errors';
import type { Session } from './session';
import { withTimeout } from './sleep';

/** Subscribe, unsubscribe, publish and listen, whether over a session or a temporary client. */
export interface MessageLink {
  subscribe(filter: string, qos: 0 | 1 | 2): Promise<number>;
  unsubscribe(filter: string): Promise<void>;
  publish(topic: string, payload: Buffer, qos: 0 | 1 | 2, timeoutMs: number): Promise<void>;
  onMessage(listener: (topic: string, payload: Buffer) => void): () => void;
}

/** A link over a session: its reference-counted subscriptions, bounded publishes and listeners. */
export function sessionLink(session: Session): MessageLink {
  return {
    subscribe: (filter, qos) => session.subscribe(filter, qos),
    unsubscribe: (filter) => session.unsubscribe(filter),
    publish: async (topic, payload, qos, timeoutMs) => {
      await session.publish(topic, payload, { qos, retain: false }, timeoutMs);
    },
    onMessage: (listener) => session.onMessage((m) => listener(m.topic, m.payload)),
  };
}

/** A link over a temporary client that is closed afterwards, so unsubscribing is a no-op. */
export function clientLink(client: MqttClient, broker: string): MessageLink {
  return {
    subscribe: async (filter, qos) => {
      let granted: number | undefined;
      try {
        granted = (await client.subscribeAsync(filter, { qos }))[0]?.qos;
      } catch (err) {
        granted = (err as { code?: number }).code ?? 0x80;
      }
      if (granted === undefined || granted >= 0x80) {
        throw new ToolError(
          'BROKER_REJECTED',
          `${broker} refused the subscription to "${filter}"${granted !== undefined ? ` (SUBACK reason code ${granted})` : ''}; the broker's ACL may forbid it`,
        );
      }
      return granted;
    },
    unsubscribe: async () => undefined,
    publish: async (topic, payload, qos, timeoutMs) => {
      try {
        await withTimeout(
          client.publishAsync(topic, payload, { qos, retain: false }),
          timeoutMs,
          () => new ToolError('TIMEOUT', `no acknowledgement within ${timeoutMs} ms`),
        );
      } catch (err) {
        if (err instanceof ToolError) throw err;
        throw new ToolError(
          'BROKER_REJECTED',
          `${broker} rejected the publish to "${topic}": ${(err as Error).message}`,
        );
      }
    },
    onMessage: (listener) => {
      const handler = (topic: string, payload: Buffer) => listener(topic, payload);
      client.on('message', handler);
      return () => client.off('message', handler);
    },
  };
}
