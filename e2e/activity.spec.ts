// Journey: a tool call by an MCP client over the stdio bridge (the hub's socket) appears on the open Activity page, live.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, screenshots, test } from './fixtures';

const BRIDGE = join(import.meta.dirname, '..', 'bin', 'mqtt-mcp.js');

test('a call over the stdio bridge appears without reload; details, filters and exports', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await page.goto('/activity');
  await expect(page.getByText('live', { exact: true })).toBeVisible();
  await page.evaluate(() => {
    (window as unknown as { __noReload: boolean }).__noReload = true;
  });

  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BRIDGE],
    env: {
      PATH: process.env.PATH ?? '',
      // The socket: over HTTP the hub labels the bridge mcp-http like any other client.
      MQTT_MCP_HUB_URL: `unix:${join(process.env.E2E_DATA_DIR as string, 'hub.sock')}`,
    },
    stderr: 'pipe',
  });
  const client = new Client({ name: 'e2e-activity', version: '0.0.0' });
  await client.connect(transport);
  try {
    const out = await client.callTool({ name: 'mqtt_list_active_connections', arguments: {} });
    expect(out.isError).toBeFalsy();
    const failed = await client.callTool({
      name: 'mqtt_close_connection',
      arguments: { session_id: 'no-such-session' },
    });
    expect(failed.isError).toBe(true);
  } finally {
    await client.close();
  }

  const detailsOf = (tool: string) =>
    page.getByRole('button', { name: new RegExp(`^Details of ${tool} at`) });
  const row = page
    .getByRole('row')
    .filter({ has: detailsOf('mqtt_list_active_connections') })
    .filter({ hasText: 'mcp-stdio-bridge' })
    .first();
  await expect(row).toBeVisible({ timeout: 15_000 });
  expect(
    await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload),
  ).toBe(true);

  // The detail drawer shows the call and closes with Escape.
  await row.getByRole('button', { name: /^Details of/ }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByText('mcp-stdio-bridge')).toBeVisible();
  // The assistant's own name and version, forwarded by the bridge in its initialize.
  await expect(dialog.getByText('e2e-activity 0.0.0')).toBeVisible();
  await expect(dialog.getByRole('region', { name: 'Result summary' })).toContainText('session(s)');
  await expect(dialog.getByRole('region', { name: 'Arguments' })).toContainText('{}');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // A failed call shows its error code in the table and `CODE: message` in the drawer.
  const failedRow = page
    .getByRole('row')
    .filter({ has: detailsOf('mqtt_close_connection') })
    .filter({ hasText: 'NOT_FOUND' })
    .first();
  await expect(failedRow).toBeVisible();
  await failedRow.getByRole('button', { name: /^Details of/ }).click();
  await expect(dialog.getByRole('alert')).toContainText('NOT_FOUND:');
  await expect(dialog.getByRole('region', { name: 'Arguments' })).toContainText('no-such-session');
  await screenshots(page, 'activity-detail');
  await dialog.getByRole('button', { name: 'Close details' }).click();
  await expect(dialog).toBeHidden();

  // Filtering by caller keeps only the bridge's calls.
  await page.getByLabel('Caller').selectOption('mcp-stdio-bridge');
  await expect(page.getByRole('row').filter({ hasText: 'mcp-stdio-bridge' }).first()).toBeVisible();
  const bodyRows = page.locator('tbody tr');
  const count = await bodyRows.count();
  expect(count).toBeGreaterThan(0);
  for (let i = 0; i < count; i++) await expect(bodyRows.nth(i)).toContainText('mcp-stdio-bridge');

  // Exports of the filtered entries download as NDJSON and CSV.
  const [ndjson] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export NDJSON' }).click(),
  ]);
  expect(ndjson.suggestedFilename()).toMatch(/^mqtt-mcp-journal-.*\.ndjson$/);
  const lines = readFileSync(await ndjson.path(), 'utf8')
    .trim()
    .split('\n');
  expect(lines.length).toBe(count);
  for (const line of lines)
    expect((JSON.parse(line) as { caller: string }).caller).toBe('mcp-stdio-bridge');

  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  expect(csv.suggestedFilename()).toMatch(/\.csv$/);
  const csvText = readFileSync(await csv.path(), 'utf8');
  expect(csvText.split('\r\n')[0]).toBe(
    'ts,id,tool,caller,client_name,client_version,session_id,status,error_code,error_message,duration_ms,result_bytes,summary,args',
  );
  expect(csvText).toContain(',mqtt_list_active_connections,mcp-stdio-bridge,e2e-activity,0.0.0,');

  await page.getByRole('button', { name: 'Clear filters' }).click();
  await screenshots(page, 'activity');
  await page.getByRole('button', { name: 'Toggle theme' }).click();
  await page.waitForTimeout(400);
  await screenshots(page, 'activity-dark');
});
