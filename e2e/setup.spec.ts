// Journey: the MCP setup page reveals the token and generates configurations for this host.
import { CONSOLE_HEADERS, expect, screenshots, test } from './fixtures';

test('shows the token after reveal and snippets with this host and token', async ({
  page,
  request,
  baseURL,
}) => {
  const res = await request.get('/api/trpc/system.mcpSetup', { headers: CONSOLE_HEADERS });
  const token = ((await res.json()) as { result: { data: { token: string } } }).result.data.token;
  expect(token.length).toBeGreaterThanOrEqual(16);

  await page.goto('/setup');
  const shown = page.getByLabel('Token', { exact: true });
  await expect(shown).toBeVisible();
  await expect(shown).not.toContainText(token);
  await expect(page.locator('pre', { hasText: token })).toHaveCount(0);

  await page.getByRole('button', { name: 'Reveal token' }).click();
  await expect(shown).toHaveText(token);
  await expect(page.getByRole('button', { name: 'Hide token' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );

  await expect(page.getByLabel('Hub URL')).toHaveValue(baseURL ?? '');
  const claudeCode = page.getByLabel('Claude Code · Streamable HTTP configuration');
  await expect(claudeCode).toHaveText(
    `claude mcp add --transport http mqtt-mcp ${baseURL}/api/mcp --header "Authorization: Bearer ${token}"`,
  );
  const cursor = JSON.parse(
    (await page.getByLabel('Cursor · Streamable HTTP configuration').textContent()) ?? '{}',
  ) as { mcpServers: Record<string, { url: string; headers: Record<string, string> }> };
  expect(cursor.mcpServers['mqtt-mcp']).toEqual({
    url: `${baseURL}/api/mcp`,
    headers: { Authorization: `Bearer ${token}` },
  });
  const desktop = page.getByLabel('Claude Desktop · stdio over SSH configuration');
  await expect(desktop).toContainText('"umbrel@umbrel.local"');
  await expect(desktop).toContainText('"mqtt-mcp_app_1"');

  await page.getByLabel('Container').fill('mqtt-mcp_web_1');
  await page.getByLabel('SSH target').fill('pi@raspberrypi.local');
  await expect(page.getByLabel('Claude Code · stdio over SSH configuration')).toHaveText(
    'claude mcp add mqtt-mcp -- ssh pi@raspberrypi.local docker exec -i mqtt-mcp_web_1 mqtt-mcp',
  );
  await expect(page.getByLabel('Local · node bridge (terminal) configuration')).toHaveText(
    `MQTT_MCP_HUB_URL=${baseURL} MQTT_MCP_TOKEN=${token} node bin/mqtt-mcp.js`,
  );

  await page.getByRole('button', { name: 'Hide token' }).click();
  await screenshots(page, 'setup');
  await page.getByRole('button', { name: 'Toggle theme' }).click();
  await page.waitForTimeout(400);
  await screenshots(page, 'setup-dark');
});
