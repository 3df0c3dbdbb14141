// Journey: every tool run from the Tools page with its generated form, each result checked; cancel a long run.
import type { Locator, Page } from '@playwright/test';
import type { MqttClient } from 'mqtt';
import { brokers, expect, screenshots, test } from './fixtures';

/** Opens a tool from the tool list (client-side, so the page keeps its state). */
async function openTool(page: Page, name: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Tools' })
    .getByRole('link', { name: new RegExp(name) })
    .click();
  await expect(page.getByRole('heading', { level: 2 }).first()).toBeVisible();
  await expect(page.getByText(name, { exact: true }).first()).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`tool=${name}`));
}

/** The result region once a run has finished, asserting it succeeded. */
async function okResult(page: Page): Promise<Locator> {
  const result = page.getByRole('region', { name: 'Result' });
  await expect(result).toBeVisible({ timeout: 30_000 });
  await expect(result.getByRole('alert')).toHaveCount(0);
  await expect(result.getByText('ok', { exact: true }).first()).toBeVisible();
  return result;
}

/** Clicks Run, publishing `payload` on `topic` every 200 ms until the result is shown. */
async function runWhilePublishing(
  page: Page,
  publisher: MqttClient,
  topic: string,
  payload: string,
): Promise<Locator> {
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('progressbar')).toBeVisible();
  const result = page.getByRole('region', { name: 'Result' });
  for (let i = 0; i < 100 && !(await result.isVisible()); i++) {
    await publisher.publishAsync(topic, payload, { qos: 0 });
    await page.waitForTimeout(200);
  }
  return okResult(page);
}

async function rawJson(result: Locator): Promise<Record<string, unknown>> {
  await result.getByRole('tab', { name: 'Raw JSON' }).click();
  const text = await result.getByTestId('raw-json').textContent();
  await result.getByRole('tab', { name: 'Readable' }).click();
  return JSON.parse(text ?? '{}') as Record<string, unknown>;
}

test('runs each of the ten tools from its generated form and cancels a long run', async ({
  page,
  publisher,
}) => {
  test.setTimeout(180_000);
  const nonce = Date.now().toString(36);
  const device = `dev-${nonce}`;
  const topic = `e2e/${device}/temperature`;
  const payload = JSON.stringify({ temperature: 21.5, unit: 'C' });
  await publisher.publishAsync(topic, payload, { qos: 1, retain: true });

  // 1. mqtt_establish_connection with the plain broker URL.
  await page.goto('/tools?tool=mqtt_establish_connection');
  await page.getByLabel('Connection string').fill(brokers().plain);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  let result = await okResult(page);
  const sessionId = String((await rawJson(result)).session_id);
  expect(sessionId).toMatch(/\S+/);
  await expect(result.getByText(sessionId).first()).toBeVisible();

  // 2. mqtt_list_active_connections lists it.
  await openTool(page, 'mqtt_list_active_connections');
  await expect(page.getByText('This tool takes no arguments.')).toBeVisible();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  result = await okResult(page);
  await expect(result.getByText(sessionId).first()).toBeVisible();

  // 3. mqtt_publish_message at QoS 1 reports the PUBACK.
  await openTool(page, 'mqtt_publish_message');
  await expect(page.getByLabel('Session ID')).toHaveValue(sessionId);
  await page.getByLabel('Topic', { exact: true }).fill(topic);
  await page.getByLabel('Payload', { exact: true }).fill(payload);
  await page.getByLabel('QoS').selectOption('1');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  result = await okResult(page);
  await expect(result.getByText('PUBACK')).toBeVisible();

  // 4. mqtt_list_topics finds the topic.
  await openTool(page, 'mqtt_list_topics');
  await page.getByLabel('Topic pattern').fill(`e2e/${device}/#`);
  await page.getByLabel('Detail').selectOption('full');
  await page.getByLabel('Duration (s)').fill('1');
  result = await runWhilePublishing(page, publisher, topic, payload);
  await expect(result.getByRole('cell', { name: topic }).first()).toBeVisible();

  // 5. mqtt_subscribe_and_collect shows the published payload.
  await openTool(page, 'mqtt_subscribe_and_collect');
  await page.getByLabel('Topic pattern').fill(`e2e/${device}/#`);
  await page.getByLabel('Duration (s)').fill('2');
  result = await runWhilePublishing(page, publisher, topic, payload);
  await expect(result.getByText(payload).first()).toBeVisible();

  // 6. mqtt_get_topic_schema infers the temperature property.
  await openTool(page, 'mqtt_get_topic_schema');
  await page.getByLabel('Topic pattern').fill(`e2e/${device}/#`);
  await page.getByLabel('Duration (s)').fill('2');
  result = await runWhilePublishing(page, publisher, topic, payload);
  const schema = result.getByRole('region', { name: 'Json schema' });
  await expect(schema).toContainText('"temperature"');
  await expect(schema).toContainText('"number"');

  // 7. mqtt_debug_device reports the device's topic and a health verdict.
  await openTool(page, 'mqtt_debug_device');
  await page.getByLabel('Device ID').fill(device);
  await page.getByLabel('Duration (s)').fill('2');
  result = await runWhilePublishing(page, publisher, topic, payload);
  await expect(result.getByText('Health', { exact: true })).toBeVisible();
  await expect(result.getByRole('cell', { name: topic }).first()).toBeVisible();

  // 8. mqtt_monitor_performance measures the traffic and charts it.
  await openTool(page, 'mqtt_monitor_performance');
  await page.getByLabel('Topic pattern').fill(`e2e/${device}/#`);
  await page.getByLabel('Duration (s)').fill('2');
  await page.getByLabel('Include $SYS').uncheck();
  result = await runWhilePublishing(page, publisher, topic, payload);
  await expect(result.getByTestId('monitor-charts').locator('canvas').first()).toBeVisible();
  await expect(result.getByRole('table', { name: 'Top topics by rate' })).toContainText(topic);
  expect(((await rawJson(result)).traffic as { messages: number }).messages).toBeGreaterThan(0);

  // 9. mqtt_test_connection on the session passes (chosen: a session or a connection string, so
  // neither is pre-filled).
  await openTool(page, 'mqtt_test_connection');
  await expect(page.getByLabel('Session ID')).toHaveValue('');
  await page.getByLabel('Session ID').selectOption(sessionId);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  result = await okResult(page);
  await expect(result.getByText('Verdict', { exact: true })).toBeVisible();
  expect((await rawJson(result)).verdict).toBe('pass');
  await expect(result.getByText('pass', { exact: true }).first()).toBeVisible();

  // Copy as MCP call puts a tools/call request on the clipboard.
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByRole('button', { name: 'Copy as MCP call' }).click();
  await expect(page.getByRole('button', { name: 'Copied' })).toBeVisible();
  const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText())) as {
    method: string;
    params: { name: string; arguments: Record<string, unknown> };
  };
  expect(copied.method).toBe('tools/call');
  expect(copied.params.name).toBe('mqtt_test_connection');
  expect(copied.params.arguments.session_id).toBe(sessionId);
  await screenshots(page, 'tools');
  await page.getByRole('button', { name: 'Toggle theme' }).click();
  await page.waitForTimeout(400);
  await screenshots(page, 'tools-dark');
  await page.getByRole('button', { name: 'Toggle theme' }).click();

  // A 30 s collect is cancelled and stops.
  await openTool(page, 'mqtt_subscribe_and_collect');
  await page.getByLabel('Topic pattern').fill(`e2e/${device}/nothing/#`);
  await page.getByLabel('Duration (s)').fill('30');
  const started = Date.now();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const progress = page.getByRole('progressbar');
  await expect(progress).toBeVisible();
  await expect(page.getByText(/message\(s\) after/)).toBeVisible({ timeout: 5_000 });
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(progress).toBeHidden();
  // The hub stops the tool, which returns what it has: a result whose stop reason is "cancelled".
  result = await okResult(page);
  await expect(result).toContainText('cancelled');
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeEnabled();
  expect(Date.now() - started).toBeLessThan(15_000);

  // 10. mqtt_close_connection removes the session.
  await openTool(page, 'mqtt_close_connection');
  await page.getByLabel('Session ID').selectOption(sessionId);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  result = await okResult(page);
  await expect(result.getByText(sessionId).first()).toBeVisible();
  await openTool(page, 'mqtt_list_active_connections');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  result = await okResult(page);
  await expect(result).not.toContainText(sessionId);
  await openTool(page, 'mqtt_close_connection');
  await expect(
    page.getByLabel('Session ID').locator('option', { hasText: `${sessionId} ·` }),
  ).toHaveCount(0);
});

test('invalid arguments are reported on the field, not sent', async ({ page }) => {
  await page.goto('/tools?tool=mqtt_list_topics');
  await page.getByLabel('Duration (s)').fill('0');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByText('Duration (s): must be at least 1')).toBeVisible();
  await expect(page.getByRole('progressbar')).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Result' })).toHaveCount(0);
});
