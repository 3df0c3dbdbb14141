// Journey: the Diagnose page names a fault the demo broker plants (a retired plug) on its device.
import { CONSOLE_HEADERS, connectDemo, expect, test, watchProblems } from './fixtures';

test('the Diagnose page names the demo broker’s retired plug as offline on its device', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const problems = watchProblems(page);
  const sessionId = await connectDemo(page);
  try {
    await page.goto('/diagnose');
    const form = page.getByRole('form', { name: 'Diagnose a session' });
    await form.getByLabel('Session').selectOption(sessionId);
    await form.getByLabel('Watch for (s)').fill('3');
    await form.getByRole('button', { name: 'Diagnose' }).click();
    await expect(page.getByRole('heading', { name: 'Findings' })).toBeVisible({ timeout: 30_000 });
    // The demo's retired plug left a retained offline status: named, on its device, with its evidence.
    const plug = page.getByRole('region', { name: 'Device plug-7' });
    await expect(plug.getByText('offline', { exact: true })).toBeVisible();
    await expect(plug).toContainText('offline_since');
    await expect(page.getByText(/^Healthy: \d+ of \d+ device/)).toBeVisible();
    expect(problems).toEqual([]);
  } finally {
    await page.request.post('/api/trpc/sessions.close', {
      data: { session_id: sessionId },
      headers: CONSOLE_HEADERS,
    });
  }
});
