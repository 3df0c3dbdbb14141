// Explorer journeys at desktop and phone size: plot a numeric leaf and watch the line grow, history
// kept across a reload, search filtering the tree, one-click republish; no console errors.
import { connectAndExplore, CONSOLE_HEADERS, expect, test } from './fixtures';

const SIZES = [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'phone', width: 390, height: 844 },
];

for (const size of SIZES) {
  test(`charts, kept history, tree search and republish (${size.name})`, async ({
    page,
    publisher,
  }) => {
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.setViewportSize({ width: size.width, height: size.height });
    const root = `charts-e2e-${Math.random().toString(36).slice(2, 8)}`;
    const sessionId = await connectAndExplore(page, `${root}-client`);
    try {
      const meter = `${root}/meter`;
      for (let i = 1; i <= 5; i++) {
        await publisher.publishAsync(meter, JSON.stringify({ power: i * 10, state: 'on' }));
      }
      await publisher.publishAsync(`${root}/other`, 'text');
      const tree = page.getByRole('tree', { name: 'Topics' });

      // Search filters the tree: the other topic disappears, the match is expanded in place.
      const search = page.getByRole('textbox', { name: 'Search topics' });
      await search.fill('meter');
      const meterItem = tree.getByRole('treeitem', { name: /^meter/ });
      await expect(meterItem).toContainText('5 messages');
      await expect(tree.getByRole('treeitem', { name: /^other/ })).toBeHidden();
      await meterItem.click();
      await expect(page.getByRole('heading', { name: 'History (5 kept)' })).toBeVisible();

      // Plot the numeric leaf; the line grows as messages arrive.
      await page.getByRole('button', { name: 'power', exact: true }).click();
      const chart = page.getByRole('figure', { name: 'Plotted values' });
      await expect(chart).toBeVisible();
      const legend = page.getByRole('button', { name: `Stop plotting ${meter} › power` });
      await expect(legend).toContainText('(5 points)');
      for (let i = 6; i <= 8; i++) {
        await publisher.publishAsync(meter, JSON.stringify({ power: i * 10, state: 'on' }));
      }
      await expect(legend).toContainText('(8 points)');
      await expect(chart.locator('canvas')).toBeVisible();

      // A reload finds the history the server kept.
      await page.reload();
      await expect(page.getByText('Watch status: live')).toBeVisible();
      await page.getByRole('textbox', { name: 'Search topics' }).fill('meter');
      await tree.getByRole('treeitem', { name: /^meter/ }).click();
      await expect(page.getByRole('heading', { name: 'History (8 kept)' })).toBeVisible();
      await expect(page.getByRole('region', { name: 'Findings' })).toBeVisible();

      // Publish, then republish from the history with one click.
      const publish = page.getByRole('form', { name: 'Publish a message' });
      await expect(publish.getByLabel('Topic', { exact: true })).toHaveValue(meter);
      const target = `${root}/cmd`;
      await publish.getByLabel('Topic', { exact: true }).fill(target);
      await publish.getByLabel('Payload').fill('go');
      await publish.getByLabel('QoS').selectOption('1');
      await publish.getByLabel('Retain').check();
      await publish.getByRole('button', { name: 'Publish', exact: true }).click();
      // A retained publish is confirmed first (issue 14), and again on republish.
      const confirm = publish.getByRole('dialog', { name: 'Confirm this publish' });
      await confirm.getByRole('button', { name: 'Publish anyway' }).click();
      await expect(publish.getByTestId('publish-sent')).toContainText('QoS 1 · retained');
      await expect(publish.getByTestId('publish-came-back')).toContainText('QoS 0');
      // A click in the tree does not overwrite a topic the user typed.
      await page.getByRole('textbox', { name: 'Search topics' }).fill('');
      await tree.getByRole('treeitem', { name: /^other/ }).click();
      await expect(publish.getByLabel('Topic', { exact: true })).toHaveValue(target);
      await publish.getByRole('button', { name: `Republish to ${target}` }).click();
      await confirm.getByRole('button', { name: 'Publish anyway' }).click();
      await expect(publish.getByRole('list', { name: 'Publish history' })).toHaveCount(1);
      await expect(
        publish.getByRole('list', { name: 'Publish history' }).locator(':scope > li'),
      ).toHaveCount(2);
      await expect(tree.getByRole('treeitem', { name: /^cmd/ })).toContainText('2 messages');
      expect(errors).toEqual([]);
    } finally {
      await page.request.post('/api/trpc/sessions.close', {
        data: { session_id: sessionId },
        headers: CONSOLE_HEADERS,
      });
    }
  });
}
