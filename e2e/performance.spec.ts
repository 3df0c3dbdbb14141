// Journey: live metric charts render and update; a monitor run on a session is drawn as charts.
import { brokers, CONSOLE_HEADERS, expect, screenshots, test } from './fixtures';

test('live charts render and update; mqtt_monitor_performance is charted', async ({
  page,
  publisher,
  request,
}) => {
  test.setTimeout(90_000);
  const topic = `e2e/perf-${Date.now().toString(36)}/load`;

  await page.goto('/tools?tool=mqtt_establish_connection');
  await page.getByLabel('Connection string').fill(brokers().plain);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const result = page.getByRole('region', { name: 'Result' });
  await expect(result.getByText('ok', { exact: true }).first()).toBeVisible({ timeout: 30_000 });
  await result.getByRole('tab', { name: 'Raw JSON' }).click();
  const sessionId = (
    JSON.parse((await result.getByTestId('raw-json').textContent()) ?? '{}') as {
      session_id: string;
    }
  ).session_id;

  try {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Performance' })
      .click();
    await expect(page.getByRole('heading', { name: 'Performance', level: 1 })).toBeVisible();
    const charts = page.locator('.chart-uplot canvas');
    await expect(charts.first()).toBeVisible();
    expect(await charts.count()).toBeGreaterThanOrEqual(5);
    await expect(page.getByText('live', { exact: true })).toBeVisible();
    const last = page.getByTestId('metrics-last');
    await expect(last).toContainText('last at');
    const before = await last.textContent();
    await expect(last).not.toHaveText(before ?? '', { timeout: 5_000 });
    // Sessions are labelled by broker; the short id tells twins apart.
    await expect(page.getByRole('cell', { name: sessionId.slice(0, 8) })).toBeVisible({
      timeout: 5_000,
    });

    const panel = page.getByRole('form', { name: 'Measure a session' });
    // Other journeys may hold sessions too: pick this one.
    await panel.getByLabel('Session ID').selectOption(sessionId);
    await panel.getByLabel('Topic pattern').fill(topic);
    await panel.getByLabel('Duration (s)').fill('2');
    let n = 0;
    const load = setInterval(() => {
      n++;
      publisher.publish(topic, JSON.stringify({ n, pad: 'x'.repeat((n % 20) * 10) }));
    }, 40);
    const monitor = page.getByTestId('monitor-charts');
    try {
      await panel.getByRole('button', { name: 'Measure' }).click();
      await expect(page.getByRole('progressbar')).toBeVisible();
      await expect(monitor).toBeVisible({ timeout: 15_000 });
    } finally {
      clearInterval(load);
    }
    await expect(monitor.locator('canvas')).toHaveCount(2);
    await expect(monitor.getByRole('table', { name: 'Top topics by rate' })).toContainText(topic);
    await expect(monitor.getByRole('table', { name: 'Payload size distribution' })).toContainText(
      'p95',
    );
    await screenshots(page, 'performance');
    await page.getByRole('button', { name: 'Toggle theme' }).click();
    await page.waitForTimeout(400);
    await screenshots(page, 'performance-dark');
  } finally {
    await request.post('/api/trpc/sessions.close', {
      data: { session_id: sessionId },
      headers: CONSOLE_HEADERS,
    });
  }
});
