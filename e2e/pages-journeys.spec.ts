// Journeys over the console's pages at desktop and phone size: demo connect, Test connection by string, result in view, Activity by id prefix, cancel a pending connect, no console errors, axe clean.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { createServer, type Server, type Socket } from 'node:net';
import { brokers, CONSOLE_HEADERS, connectDemo, expect, test, watchProblems } from './fixtures';

const PAGES = [
  '/',
  '/explorer',
  '/diagnose',
  '/history',
  '/tools',
  '/activity',
  '/performance',
  '/setup',
];
const VIEWPORTS = [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
];

/** Serious and critical axe violations of the page as it is now, one line each. */
async function axeProblems(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

let silent: Server;
let silentPort = 0;
const sockets: Socket[] = [];

test.beforeAll(async () => {
  // A "broker" that accepts TCP and never answers CONNECT.
  silent = createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  silentPort = (silent.address() as { port: number }).port;
});

test.afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((resolve) => silent.close(resolve));
});

for (const viewport of VIEWPORTS) {
  const size = `${viewport.width}x${viewport.height}`;

  test(`demo connect, Test connection by string with its result in view, Activity by id prefix at ${size}`, async ({
    page,
  }) => {
    await page.setViewportSize(viewport);
    const problems = watchProblems(page);
    const sessionId = await connectDemo(page);

    // Test connection: no session pre-selected, so a connection string alone is valid.
    await page.goto('/tools?tool=mqtt_test_connection');
    const form = page.getByRole('form', { name: 'Arguments of mqtt_test_connection' });
    await expect(form.getByLabel(/^Session ID/)).toHaveValue('');
    await form.getByLabel(/^Connection string/).fill(brokers().plain);
    await form.getByRole('button', { name: 'Run', exact: true }).click();
    const result = page.getByRole('region', { name: 'Result' });
    await expect(result).toBeVisible({ timeout: 30_000 });
    await expect(result.getByRole('alert')).toHaveCount(0);
    await expect(result.getByText('ok', { exact: true }).first()).toBeVisible();
    await expect(result.getByRole('heading', { name: 'Result' })).toBeInViewport();

    // Activity: the 8 characters the table shows find the session's calls, typed or from the URL.
    const prefix = sessionId.slice(0, 8);
    await page.goto(`/activity?id=${prefix}`);
    await expect(page.getByLabel('Call or session id')).toHaveValue(prefix);
    const rows = page.locator('tbody tr');
    await expect(rows.first()).toBeVisible();
    await expect(page.getByText('No call matches these filters.')).toHaveCount(0);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect(page).toHaveURL(/\/activity$/);
    await page.getByLabel('Call or session id').fill(prefix);
    await expect(page).toHaveURL(new RegExp(`id=${prefix}`));
    await expect(rows.first()).toBeVisible();
    await page.getByLabel('Call or session id').fill('zzzzzzzz');
    await expect(page.getByText('No call matches these filters.')).toBeVisible();
    expect(problems).toEqual([]);
  });

  test(`cancel a pending connect to a broker that never answers at ${size}`, async ({ page }) => {
    await page.setViewportSize(viewport);
    await page.goto('/');
    const form = page.getByRole('form', { name: 'Connect to a broker' });
    await form
      .getByLabel('Connection string', { exact: true })
      .fill(`mqtt://127.0.0.1:${silentPort}`);
    await form.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(form.getByRole('button', { name: 'Connecting…' })).toBeVisible();
    const started = Date.now();
    await form.getByRole('button', { name: 'Cancel' }).click();
    await expect(form.getByText('Connect cancelled.')).toBeVisible();
    await expect(form.getByRole('button', { name: 'Connect', exact: true })).toBeEnabled();
    expect(Date.now() - started).toBeLessThan(10_000);
    // The server gave up too: the call is journaled as cancelled and no session is left.
    await expect
      .poll(async () => {
        const input = encodeURIComponent(JSON.stringify({ status: 'cancelled', limit: 5 }));
        const res = await page.request.get(`/api/trpc/journal.page?input=${input}`, {
          headers: CONSOLE_HEADERS,
        });
        const body = (await res.json()) as { result: { data: { entries: { args: unknown }[] } } };
        return body.result.data.entries.some((e) =>
          JSON.stringify(e.args).includes(`:${silentPort}`),
        );
      })
      .toBe(true);
    await expect(page.getByRole('row').filter({ hasText: `:${silentPort}` })).toHaveCount(0);

    // The new-profile form fits the page: nothing wider than the window, its inputs side by side
    // only where there is room.
    await page.getByRole('button', { name: 'New profile' }).click();
    const profileForm = page.getByRole('form', { name: 'New profile' });
    await expect(profileForm).toBeVisible();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    const box = await profileForm.boundingBox();
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(viewport.width);
  });

  test(`every page: no console error, keyboard-reachable navigation, axe clean at ${size}`, async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await page.setViewportSize(viewport);
    const problems = watchProblems(page);
    const axe: string[] = [];
    for (const path of PAGES) {
      await page.goto(path);
      await expect(page.getByRole('main')).toBeVisible();
      await page.waitForTimeout(1000);
      expect(problems, `on ${path}`).toEqual([]);
      for (const line of await axeProblems(page)) axe.push(`${path}: ${line}`);
    }
    expect(axe).toEqual([]);
    // Keyboard: Tab reaches the navigation, Enter follows a link.
    await page.goto('/');
    const diagnose = page.getByRole('navigation', { name: 'Main' }).getByRole('link', {
      name: 'Diagnose',
    });
    for (
      let i = 0;
      i < 15 && !(await diagnose.evaluate((el) => el === document.activeElement));
      i++
    ) {
      await page.keyboard.press('Tab');
    }
    await expect(diagnose).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/diagnose$/);
    await expect(page.getByRole('heading', { name: 'Diagnose', level: 1 })).toBeVisible();
  });
}
