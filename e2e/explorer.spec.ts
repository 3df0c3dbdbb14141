// Explorer journeys: test messages appear in the live tree; the console publishes with an ack.
import { CONSOLE_HEADERS, connectAndExplore, expect, screenshots, test } from './fixtures';

test('published messages appear in the tree; the console publishes with QoS 1 and sees the PUBACK', async ({
  page,
  publisher,
}) => {
  const root = `explorer-e2e-${Math.random().toString(36).slice(2, 8)}`;
  // Retained before the session subscribes, so the broker delivers it flagged as retained.
  await publisher.publishAsync(`${root}/kitchen/door`, 'open', { retain: true, qos: 1 });
  const sessionId = await connectAndExplore(page, `${root}-client`);
  try {
    for (const celsius of [21, 22, 23]) {
      await publisher.publishAsync(`${root}/kitchen/temp`, JSON.stringify({ celsius }), { qos: 1 });
    }

    const tree = page.getByRole('tree', { name: 'Topics' });
    const rootItem = tree.getByRole('treeitem', { name: new RegExp(`^${root}`) });
    await expect(rootItem).toContainText('4 messages');
    await rootItem.click();
    await expect(rootItem).toHaveAttribute('aria-expanded', 'true');

    // Keyboard: the focused root expands its child with ArrowDown + ArrowRight.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    const kitchen = tree.getByRole('treeitem', { name: /^kitchen/ });
    await expect(kitchen).toHaveAttribute('aria-expanded', 'true');
    await expect(kitchen).toBeFocused();

    const temp = tree.getByRole('treeitem', { name: /^temp/ });
    await expect(temp).toContainText('3 messages');
    await expect(temp).toContainText('{"celsius":23}');
    await expect(tree.getByRole('treeitem', { name: /^door/ })).toContainText('Retained');

    await temp.click();
    await expect(temp).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByRole('region', { name: 'Last value' })).toContainText('"celsius": 23');
    const history = page.getByRole('list', { name: 'Message history' });
    const entries = history.locator(':scope > li');
    await expect(entries).toHaveCount(3);
    await expect(entries.first()).toContainText('celsius: 22 → 23');
    await expect(entries.last()).toContainText('"celsius": 21');

    // Search filters the tree itself: only the matching topic and its ancestors stay.
    await page.getByLabel('Search payloads').fill('open');
    await expect(tree.getByRole('treeitem', { name: /^door/ })).toBeVisible();
    await expect(temp).toBeHidden();
    await page.getByRole('button', { name: 'Clear' }).click();
    await expect(temp).toBeVisible();

    const publish = page.getByRole('form', { name: 'Publish a message' });
    await expect(publish.getByLabel('Topic', { exact: true })).toHaveValue(`${root}/kitchen/temp`);
    await publish.getByLabel('Topic', { exact: true }).fill(`${root}/kitchen/set`);
    await publish.getByLabel('Payload').fill('{"on": true}');
    await publish.getByLabel('Format').selectOption('json');
    await publish.getByLabel('QoS').selectOption('1');
    await publish.getByText('MQTT 5 properties').click();
    await publish.getByLabel('Content type').fill('application/json');
    await publish.getByRole('button', { name: 'Add user property' }).click();
    await publish.getByLabel('Property 1 key').fill('origin');
    await publish.getByLabel('Property 1 value').fill('e2e');
    await publish.getByRole('button', { name: 'Publish', exact: true }).click();
    // A command topic (…/set) is confirmed first, showing what is retained there now (issue 14).
    const confirm = publish.getByRole('dialog', { name: 'Confirm this publish' });
    await expect(confirm).toContainText('retained on');
    await confirm.getByRole('button', { name: 'Publish anyway' }).click();
    const ack = publish.getByRole('status');
    await expect(ack).toContainText('PUBACK');
    await expect(ack).toContainText('reason code 0');

    const set = tree.getByRole('treeitem', { name: /^set/ });
    await expect(set).toContainText('1 message');
    await expect(set).toContainText('{"on":true}');
    await set.click();
    await expect(page.getByRole('region', { name: 'Last value' })).toContainText('"on": true');
    // The topics card is sticky: shoot from the top so it sits where a reader expects it.
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshots(page, 'explorer');
  } finally {
    await page.request.post('/api/trpc/sessions.close', {
      data: { session_id: sessionId },
      headers: CONSOLE_HEADERS,
    });
  }
});

test('a bad filter is refused with INVALID_TOPIC', async ({ page }) => {
  const root = `explorer-e2e-${Math.random().toString(36).slice(2, 8)}`;
  const sessionId = await connectAndExplore(page, `${root}-client`);
  try {
    await page.getByLabel('Filter', { exact: true }).fill('a/#/b');
    await page.getByRole('button', { name: 'Watch', exact: true }).click();
    await expect(page.getByRole('main').getByRole('alert')).toContainText('INVALID_TOPIC');
  } finally {
    await page.request.post('/api/trpc/sessions.close', {
      data: { session_id: sessionId },
      headers: CONSOLE_HEADERS,
    });
  }
});
