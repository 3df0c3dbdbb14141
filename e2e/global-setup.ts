// Starts the real Mosquitto brokers the journeys use and records their addresses for the tests.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startMosquitto } from '../test/mosquitto';

/** Password of the auth broker's user in the journeys. */
export const E2E_PASSWORD = 'e2e-Secret-pw-42';

export default async function globalSetup(): Promise<void> {
  const plain = await startMosquitto({ debugLog: false });
  const auth = await startMosquitto({
    auth: { username: 'operator', password: E2E_PASSWORD },
    debugLog: false,
  });
  const file = join(process.env.E2E_DATA_DIR as string, 'e2e-brokers.json');
  writeFileSync(
    file,
    JSON.stringify({
      plain: plain.url,
      plainPort: plain.port,
      auth: auth.url,
      authPort: auth.port,
    }),
  );
  (globalThis as { __e2eBrokers?: unknown }).__e2eBrokers = [plain, auth];
}
