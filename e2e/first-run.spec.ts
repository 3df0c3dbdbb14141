// First-run journeys: every page loads with no console error or failed request, the favicon, the demo connect with defaults reused.
import { expect, test, watchProblems } from './fixtures';

const PAGES = ['/', '/explorer', '/tools', '/activity', '/performance', '/setup'];
const VIEWPORTS = [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
];

for (const viewport of VIEWPORTS) {
  test(`every page loads with no console error and no failed request at ${viewport.width}x${viewport.height}`, async ({
    page,
  }) => {
    await page.setViewportSize(viewport);
    const problems = watchProblems(page);
    for (const path of PAGES) {
      await page.goto(path);
      await expect(page.getByRole('main')).toBeVisible();
      // Queries and live streams start after hydration; give them time to fail if they would.
      await page.waitForTimeout(1500);
      expect(problems, `on ${path}`).toEqual([]);
    }
  });
}

test('the favicon is linked from every page and served as SVG', async ({ page, request }) => {
  const problems = watchProblems(page);
  await page.goto('/');
  const href = await page.locator('link[rel="icon"]').first().getAttribute('href');
  expect(href).toMatch(/^\/icon\.svg/);
  const res = await request.get(href ?? '');
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toContain('image/svg+xml');
  expect(await res.text()).toContain('<svg');
  expect(problems).toEqual([]);
});

test('a fresh console connects to the demo broker with defaults, and a second click reuses the session', async ({
  page,
}) => {
  const problems = watchProblems(page);
  await page.goto('/');
  const button = page.getByRole('button', { name: /Start demo broker|Connect to the demo broker/ });
  await button.click();
  const note = page.getByRole('status').filter({ hasText: 'Demo broker running' });
  await expect(note).toContainText('; connected.', { timeout: 20_000 });
  const broker = (await note.locator('.font-mono').textContent()) ?? '';
  expect(broker).toMatch(/^mqtt:\/\/127\.0\.0\.1:\d+$/);
  const rows = page.getByRole('row').filter({ hasText: broker });
  await expect(rows).toHaveCount(1);
  await expect(rows).toContainText('connected');
  // The demo speaks MQTT 3.1.1 only: the default protocol (auto) fell back to it.
  await expect(rows).toContainText('MQTT 3.1.1');
  await expect(page.getByRole('main').getByRole('alert')).toHaveCount(0);

  await page.getByRole('button', { name: 'Connect to the demo broker' }).click();
  await expect(note).toContainText('; already connected.');
  await expect(rows).toHaveCount(1);
  await expect(page.getByRole('main').getByRole('alert')).toHaveCount(0);

  await rows.getByRole('button', { name: /^Close session/ }).click();
  await rows.getByRole('button', { name: 'Close session', exact: true }).click();
  await expect(rows).toHaveCount(0);
  await page.getByRole('button', { name: 'Stop demo broker' }).click();
  await expect(page.getByRole('button', { name: 'Start demo broker' })).toBeVisible();
  expect(problems).toEqual([]);
});
