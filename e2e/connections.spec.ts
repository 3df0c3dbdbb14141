// Connections journeys: connect through the form, clear errors, profiles, the demo broker.
import type { Page } from '@playwright/test';
import { brokers, expect, screenshots, test } from './fixtures';
import { E2E_PASSWORD } from './global-setup';

const nonce = () => Math.random().toString(36).slice(2, 8);

function connectForm(page: Page) {
  return page.getByRole('form', { name: 'Connect to a broker' });
}

function sessionRow(page: Page, text: string) {
  return page.getByRole('row').filter({ hasText: text });
}

async function closeSession(page: Page, text: string): Promise<void> {
  const row = sessionRow(page, text);
  await row.getByRole('button', { name: /^Close session/ }).click();
  await row.getByRole('button', { name: 'Close session', exact: true }).click();
  await expect(row).toHaveCount(0);
}

test('connects to the plain broker through the form and lists the session as connected', async ({
  page,
}) => {
  const clientId = `e2e-conn-${nonce()}`;
  await page.goto('/');
  const form = connectForm(page);
  await form.getByLabel('Connection string', { exact: true }).fill(brokers().plain);
  await form.getByText('Advanced: client, session and TLS').click();
  await form.getByLabel('Client id', { exact: true }).fill(clientId);
  await form.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(form.getByRole('status')).toContainText(`Connected to ${brokers().plain}`);

  const row = sessionRow(page, clientId);
  await expect(row).toContainText('connected');
  await expect(row).toContainText('console');
  await expect(row).toContainText(/in \d+ min/);
  await screenshots(page, 'connections');
  await closeSession(page, clientId);
});

test('a bad connection string shows INVALID_INPUT in the form', async ({ page }) => {
  await page.goto('/');
  const form = connectForm(page);
  await form.getByLabel('Connection string', { exact: true }).fill('http://nope');
  await form.getByRole('button', { name: 'Connect', exact: true }).click();
  const alert = form.getByRole('alert');
  await expect(alert).toContainText('INVALID_INPUT');
  await expect(alert).toContainText('unsupported scheme "http"');
});

test('a wrong password shows AUTH_FAILED and the password appears nowhere on the page', async ({
  page,
}) => {
  const wrong = `Wrong-${nonce()}-pw`;
  await page.goto('/');
  const form = connectForm(page);
  await form.getByLabel('Connection string', { exact: true }).fill(brokers().auth);
  await form.getByLabel('User name').fill('operator');
  await form.getByLabel('Password').fill(wrong);
  await form.getByRole('button', { name: 'Connect', exact: true }).click();
  const alert = form.getByRole('alert');
  await expect(alert).toContainText('AUTH_FAILED');
  await expect(alert).toContainText('operator:***@');
  await expect(page.locator('body')).not.toContainText(wrong);
  expect(await page.content()).not.toContain(wrong);
  expect(await page.content()).not.toContain(E2E_PASSWORD);
});

test('profiles: create with a password, test, edit and delete; the secret is never shown', async ({
  page,
}) => {
  const name = `e2e-auth-${nonce()}`;
  await page.goto('/');
  await page.getByRole('button', { name: 'New profile' }).click();
  const create = page.getByRole('form', { name: 'New profile' });
  await create.getByLabel('Profile name').fill(name);
  await create.getByLabel('Profile connection string').fill(brokers().auth);
  await create.getByLabel('Profile user name').fill('operator');
  await create.getByLabel('Profile password').fill(E2E_PASSWORD);
  await create.getByRole('button', { name: 'Save profile' }).click();
  await expect(create).toHaveCount(0);

  const item = page.getByRole('listitem').filter({ hasText: name });
  await expect(item).toContainText('password saved');
  await item.getByRole('button', { name: `Test profile ${name}` }).click();
  await expect(item.getByRole('status')).toContainText('Reachable');

  await item.getByRole('button', { name: `Edit profile ${name}` }).click();
  const edit = page.getByRole('form', { name: `Edit profile ${name}` });
  await expect(edit.getByLabel('Profile password')).toHaveValue('');
  await expect(edit.getByLabel('Profile password')).toHaveAttribute(
    'placeholder',
    'Leave empty to keep the saved one',
  );
  await edit.getByLabel('Profile client id').fill(`${name}-client`);
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(edit).toHaveCount(0);

  const form = connectForm(page);
  await form.getByLabel('Saved profile').selectOption(name);
  await form.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(form.getByRole('status')).toContainText('Connected to mqtt://');
  await expect(sessionRow(page, `${name}-client`)).toContainText('connected');
  expect(await page.content()).not.toContain(E2E_PASSWORD);
  await closeSession(page, `${name}-client`);

  await item.getByRole('button', { name: `Delete profile ${name}` }).click();
  await item.getByRole('button', { name: `Delete ${name}?` }).click();
  await expect(page.getByRole('listitem').filter({ hasText: name })).toHaveCount(0);
});

test('the demo broker is one click away', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: /Start demo broker|Connect to the demo broker/ }).click();
  const note = page.getByRole('status').filter({ hasText: 'Demo broker running' });
  await expect(note).toBeVisible({ timeout: 20_000 });
  const broker = (await note.locator('.font-mono').textContent()) ?? '';
  expect(broker).toMatch(/^mqtt:\/\/127\.0\.0\.1:\d+$/);
  const row = sessionRow(page, broker);
  await expect(row).toContainText('connected');
  await expect(row).toContainText('MQTT 3.1.1');
  await closeSession(page, broker);
  await page.getByRole('button', { name: 'Stop demo broker' }).click();
  await expect(page.getByRole('button', { name: 'Start demo broker' })).toBeVisible();
});
