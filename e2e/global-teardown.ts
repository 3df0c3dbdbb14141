// Stops the brokers started by global-setup.
import type { MosquittoBroker } from '../test/mosquitto';

export default async function globalTeardown(): Promise<void> {
  const brokers = (globalThis as { __e2eBrokers?: MosquittoBroker[] }).__e2eBrokers ?? [];
  await Promise.all(brokers.map((b) => b.stop()));
}
