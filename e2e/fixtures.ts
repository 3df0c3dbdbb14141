// Shared journey fixtures: the test brokers' addresses, a publisher client, and screenshot helpers.
import { expect, test as base, type Page } from '@playwright/test';
import { connectAsync, type MqttClient } from 'mqtt';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONSOLE_HEADER } from '../server/http/console-header';

/** What the console's own client sends with every console API call; a test's direct calls send it too. */
export const CONSOLE_HEADERS = { [CONSOLE_HEADER]: '1' };

/** Addresses of the brokers started by global-setup. */
export interface E2EBrokers {
  plain: string;
  plainPort: number;
  auth: string;
  authPort: number;
}

/** Reads the brokers' addresses. */
export function brokers(): E2EBrokers {
  return JSON.parse(
    readFileSync(join(process.env.E2E_DATA_DIR as string, 'e2e-brokers.json'), 'utf8'),
  ) as E2EBrokers;
}

/** Writes a screenshot of the page at desktop and phone width into e2e/screenshots/. */
export async function screenshots(page: Page, name: string): Promise<void> {
  const dir = join(import.meta.dirname, 'screenshots');
  mkdirSync(dir, { recursive: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: join(dir, `${name}-desktop.png`), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: join(dir, `${name}-phone.png`), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });
}

/** Connects the console to the plain broker with `clientId` and opens the Explorer; returns the session id. */
export async function connectAndExplore(page: Page, clientId: string): Promise<string> {
  await page.goto('/');
  const form = page.getByRole('form', { name: 'Connect to a broker' });
  await form.getByLabel('Connection string', { exact: true }).fill(brokers().plain);
  await form.getByText('Advanced: client, session and TLS').click();
  await form.getByLabel('Client id', { exact: true }).fill(clientId);
  await form.getByRole('button', { name: 'Connect', exact: true }).click();
  await form.getByRole('link', { name: 'Open in the explorer' }).click();
  await expect(page).toHaveURL(/\/explorer\?session=/);
  await expect(page.getByText('Watch status: live')).toBeVisible();
  return new URL(page.url()).searchParams.get('session') as string;
}

/** Console errors, uncaught page errors and failed responses (4xx/5xx) seen by the page. */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`${r.status()} ${r.request().method()} ${r.url()}`);
  });
  page.on('requestfailed', (r) => {
    // A page left while its live stream (SSE) is open cancels it: not a failure of the page.
    if (r.failure()?.errorText !== 'net::ERR_ABORTED') {
      problems.push(`failed ${r.method()} ${r.url()}: ${r.failure()?.errorText}`);
    }
  });
  return problems;
}

/** Connects to the demo broker with the defaults and returns the session id it uses. */
export async function connectDemo(page: Page): Promise<string> {
  await page.goto('/');
  await page.getByRole('button', { name: /Start demo broker|Connect to the demo broker/ }).click();
  const note = page.getByRole('status').filter({ hasText: 'Demo broker running' });
  await expect(note).toContainText(/; (already )?connected\./, { timeout: 20_000 });
  const res = await page.request.get('/api/trpc/sessions.list', { headers: CONSOLE_HEADERS });
  const body = (await res.json()) as {
    result: { data: Array<{ session_id: string; broker: string; state: string }> };
  };
  const broker = (await note.locator('.font-mono').textContent()) ?? '';
  const session = body.result.data.find((s) => s.broker === broker && s.state === 'connected');
  expect(session, `a connected session to ${broker}`).toBeTruthy();
  return session?.session_id ?? '';
}

/** Journeys get a connected publisher on the plain broker. */
export const test = base.extend<{ publisher: MqttClient }>({
  publisher: async ({}, use) => {
    const client = await connectAsync(brokers().plain);
    await use(client);
    await client.endAsync();
  },
});

export { expect };
