// Loads MQTT.js on first use, so processes that never connect do not pay for it at start-up.
import type * as Mqtt from 'mqtt';

let loading: Promise<typeof Mqtt> | undefined;

/** The MQTT.js module, imported once on first call. */
export function loadMqtt(): Promise<typeof Mqtt> {
  loading ??= import('mqtt').then(
    (m) => ((m as unknown as { default?: typeof Mqtt }).default ?? m) as typeof Mqtt,
  );
  return loading;
}

/** Loads MQTT.js and its lazily required transports off the critical path (first connect is then fast). */
export function prewarmMqtt(): void {
  void loadMqtt()
    .then((mqtt) => {
      const probe = mqtt.connect('mqtt://127.0.0.1:1', {
        reconnectPeriod: 0,
        connectTimeout: 1000,
      });
      probe.on('error', () => undefined);
      probe.end(true);
    })
    .catch(() => undefined);
}
