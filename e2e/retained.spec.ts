// Retained journey: delete a retained subtree in the Explorer (list in a dialog first), see it gone, Undo, see it back.
import { connectAsync } from 'mqtt';
import { brokers, CONSOLE_HEADERS, connectAndExplore, expect, test } from './fixtures';

/** The retained messages under `filter`, as a fresh client receives them (topic -> payload). */
async function retainedOnBroker(filter: string): Promise<Map<string, string>> {
  const client = await connectAsync(brokers().plain);
  const seen = new Map<string, string>();
  client.on('message', (topic, payload, packet) => {
    if (packet.retain) seen.set(topic, payload.toString());
  });
  await client.subscribeAsync(filter, { qos: 1 });
  await new Promise((r) => setTimeout(r, 500));
  await client.endAsync();
  return seen;
}

test('deletes a retained subtree after showing it, and Undo puts it back', async ({
  page,
  publisher,
}) => {
  const root = `retained-e2e-${Math.random().toString(36).slice(2, 8)}`;
  await publisher.publishAsync(`${root}/garage/door/set`, 'OPEN', { retain: true, qos: 1 });
  await publisher.publishAsync(`${root}/garage/light`, '{"on":true}', { retain: true, qos: 1 });
  await publisher.publishAsync(`${root}/keep`, 'stay', { retain: true, qos: 1 });
  const sessionId = await connectAndExplore(page, `${root}-client`);
  try {
    await expect(page.getByRole('navigation', { name: 'Main' })).toContainText('tier: full');
    const tree = page.getByRole('tree', { name: 'Topics' });
    const rootItem = tree.getByRole('treeitem', { name: new RegExp(`^${root}`) });
    await expect(rootItem).toContainText('3 messages');
    await rootItem.click();
    const garage = tree.getByRole('treeitem', { name: /^garage/ });
    await expect(garage).toBeVisible();

    const panel = page.getByRole('region', { name: 'Retained messages' });
    await panel.getByLabel('Retained topic').fill(`${root}/garage`);
    await panel.getByLabel('Include the subtree (topic/#)').check();
    await panel.getByRole('button', { name: 'Delete retained…' }).click();
    const dialog = panel.getByRole('dialog', { name: 'Delete 2 retained messages?' });
    await expect(dialog).toContainText(`${root}/garage/door/set = OPEN`);
    await expect(dialog).toContainText(`${root}/garage/light = {"on":true}`);
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect(panel.getByRole('status')).toContainText('Deleted 2 retained messages.');

    await expect(garage).toBeHidden();
    await expect(tree.getByRole('treeitem', { name: /^keep/ })).toBeVisible();
    expect([...(await retainedOnBroker(`${root}/#`)).keys()]).toEqual([`${root}/keep`]);

    await panel.getByRole('button', { name: 'Undo' }).click();
    await expect(panel.getByRole('status')).toContainText('Restored 2.');
    await expect(garage).toBeVisible();
    const back = await retainedOnBroker(`${root}/#`);
    expect(back.get(`${root}/garage/door/set`)).toBe('OPEN');
    expect(back.get(`${root}/garage/light`)).toBe('{"on":true}');
  } finally {
    await page.request.post('/api/trpc/sessions.close', {
      data: { session_id: sessionId },
      headers: CONSOLE_HEADERS,
    });
  }
});
