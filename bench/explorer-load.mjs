// Explorer under load, a chart open: tree-node clicks answer < 200 ms in the page and the JS heap stays bounded at 5,000 msg/s.
/* global document, requestAnimationFrame -- page functions run in Chromium (page.evaluate) */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import mqtt from 'mqtt';
import { chromiumLaunchOptions } from '../e2e/chromium.mjs';
import { startMosquitto } from './lib/mosquitto.mjs';
import { startHub } from './lib/next-app.mjs';
import { ROOT, sleep, spawnNodeScript, stopChild } from './lib/proc.mjs';
import { median, percentile, round } from './lib/stats.mjs';
import { toolPath, trpcMutation, trpcQuery } from './lib/trpc.mjs';

const RATE = 5000;
const TOPICS = 500;
const CLICK_BUDGET_MS = 200;
const HEAP_GROWTH_BUDGET_MB = 50;
const TICK_MS = 2000;
const ROOT_ITEM = '[role="tree"][aria-label="Topics"] [role="treeitem"][aria-level="1"]';

/** Clicks the root tree node through Playwright; ms until its aria-expanded has toggled. */
async function timedClick(page) {
  const item = page.locator(ROOT_ITEM).first();
  const before = await item.getAttribute('aria-expanded');
  const t0 = performance.now();
  await item.click();
  await page.waitForFunction(
    ([sel, was]) => document.querySelector(sel)?.getAttribute('aria-expanded') !== was,
    [ROOT_ITEM, before],
    { polling: 'raf', timeout: 10_000 },
  );
  return performance.now() - t0;
}

/** The same click dispatched inside the page: ms (page clock) until aria-expanded has toggled. */
function inPageClick(page) {
  return page.evaluate(
    (sel) =>
      new Promise((resolve, reject) => {
        const was = document.querySelector(sel).getAttribute('aria-expanded');
        const t0 = performance.now();
        const timer = setTimeout(() => reject(new Error('no toggle within 10 s')), 10_000);
        const check = () => {
          if (document.querySelector(sel)?.getAttribute('aria-expanded') === was)
            return requestAnimationFrame(check);
          clearTimeout(timer);
          resolve(performance.now() - t0);
        };
        document.querySelector(sel).click();
        requestAnimationFrame(check);
      }),
    ROOT_ITEM,
  );
}

/** Plots both numeric leaves of load/dev0 (the chart stays open), then selects the root node again. */
async function openChart(page) {
  const tree = page.getByRole('tree', { name: 'Topics' });
  await tree.getByRole('treeitem', { name: /^load/ }).click();
  await tree.getByRole('treeitem', { name: /^dev0/ }).click();
  for (const leaf of ['seq', 'temp']) {
    await page.getByRole('button', { name: leaf, exact: true }).click();
  }
  await page.getByRole('figure', { name: 'Plotted values' }).waitFor({ timeout: 10_000 });
  // Selecting the expanded root leaves it expanded; the timed clicks then toggle it.
  await tree.getByRole('treeitem', { name: /^load/ }).click();
}

/** Used JS heap of the page in MB (CDP Runtime.getHeapUsage). */
async function heapMb(cdp) {
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return usedSize / 1048576;
}

/** Messages the hub's session has received (from mqtt_list_active_connections). */
async function hubMessages(url, sessionId) {
  const out = await trpcQuery(url, await toolPath(url, 'mqtt_list_active_connections'), {});
  const list = out.sessions ?? out.connections ?? (Array.isArray(out) ? out : []);
  return list.find((s) => s.session_id === sessionId)?.messages_received ?? null;
}

/** One run: broker + hub + Chromium on /explorer, idle clicks, then clicks and heap under load. */
async function once({ seconds }) {
  const broker = await startMosquitto();
  const hub = await startHub();
  let browser;
  let pub;
  try {
    await hub.ready('/api/ready');
    const opened = await trpcMutation(
      hub.url,
      await toolPath(hub.url, 'mqtt_establish_connection'),
      { connection_string: broker.url },
    );
    const sessionId = opened.session_id ?? opened.session?.session_id;
    browser = await chromium.launch(chromiumLaunchOptions);
    const page = await browser.newPage();
    const cdp = await page.context().newCDPSession(page);
    await page.goto(`${hub.url}/explorer?session=${encodeURIComponent(sessionId)}`);
    await page.getByLabel('Filter', { exact: true }).fill('#');
    await page.getByRole('button', { name: 'Watch', exact: true }).click();
    await page.getByText('Watch status: live').waitFor({ timeout: 30_000 });

    // A seed message so the `load` node exists for the idle (floor) clicks.
    const seed = await mqtt.connectAsync(broker.url, { reconnectPeriod: 0 });
    await seed.publishAsync('load/dev0', '{"seq":0,"temp":21.5}');
    await seed.endAsync();
    await page.locator(ROOT_ITEM).first().waitFor({ timeout: 10_000 });
    await openChart(page);
    const idle = [];
    const idleInPage = [];
    for (let i = 0; i < 5; i++) {
      idle.push(await timedClick(page));
      idleInPage.push(await inPageClick(page));
      await sleep(200);
    }

    pub = spawnNodeScript('publisher.mjs', {
      url: broker.url,
      topic: 'load',
      topics: TOPICS,
      count: RATE * seconds,
      rate: RATE,
      qos: 0,
    });
    await pub.lines.next((o) => o.type === 'connected', 10_000, 'connected');
    const heap = [await heapMb(cdp)];
    let finished = false;
    const done = pub.lines.next((o) => o.type === 'done', (seconds + 60) * 1000, 'done');
    done.then(
      () => (finished = true),
      () => (finished = true),
    );
    pub.child.stdin.write('go\n');
    const clicks = [];
    const inPage = [];
    while (!finished) {
      const tick = performance.now();
      clicks.push(await timedClick(page));
      inPage.push(await inPageClick(page));
      heap.push(await heapMb(cdp));
      await sleep(Math.max(0, TICK_MS - (performance.now() - tick)));
    }
    const result = await done;
    await sleep(TICK_MS);
    heap.push(await heapMb(cdp));
    const seen = await hubMessages(hub.url, sessionId);
    return {
      idle,
      idleInPage,
      clicks,
      inPage,
      heap,
      publishRate: result.publishRate,
      sent: result.sent,
      seen,
    };
  } finally {
    if (pub) await stopChild(pub.child, { graceMs: 500 });
    await browser?.close().catch(() => {});
    await hub.stop();
    await broker.stop();
  }
}

/**
 * Per rep: a loopback broker, the built hub, a session watched on `#` in headless Chromium's
 * /explorer with a chart of two leaves of load/dev0 open (re-read every second); 5 idle clicks on the root `load` node (floor), then a QoS 0 publisher at 5,000 msg/s
 * over 500 topics (~100 B JSON) and, every 2 s during the load, a Playwright click timed until the
 * node's aria-expanded toggles, the same click timed inside the page, and a CDP heap sample (Runtime.getHeapUsage).
 */
export async function run({ reps = 3, quick = false } = {}) {
  const seconds = quick ? 5 : 20;
  const runs = [];
  for (let i = 0; i < reps; i++) runs.push(await once({ seconds }));
  const idle = runs.flatMap((r) => r.idle);
  const clicks = runs.flatMap((r) => r.clicks);
  const inPage = runs.flatMap((r) => r.inPage);
  const idleInPage = runs.flatMap((r) => r.idleInPage);
  const heapStart = median(runs.map((r) => r.heap[0]));
  const heapMax = Math.max(...runs.map((r) => Math.max(...r.heap)));
  const heapEnd = median(runs.map((r) => r.heap.at(-1)));
  const clickMax = Math.max(...clicks);
  const inPageMax = Math.max(...inPage);
  const idleMax = Math.max(...idle);
  const floorP50 = median(idle);
  const clickP50 = median(clicks);
  const bounded = heapMax < heapStart + HEAP_GROWTH_BUDGET_MB;
  const result = {
    name: 'explorer-load',
    goal: `click answers (in page) < ${CLICK_BUDGET_MS} ms under ${RATE} msg/s for ${seconds} s, a chart open; JS heap bounded`,
    unit: 'ms',
    floor: {
      value: round(median(idleInPage), 1),
      p50: round(median(idleInPage), 1),
      p99: round(percentile(idleInPage, 99), 1),
      click_ms_p50: round(floorP50, 1),
      click_ms_p99: round(percentile(idle, 99), 1),
      click_ms_max: round(idleMax, 1),
      in_page_click_ms_p50: round(median(idleInPage), 1),
      in_page_click_ms_max: round(Math.max(...idleInPage), 1),
      source: 'idle clicks (before the load) in this run',
    },
    project: {
      value: round(median(inPage), 1),
      p50: round(median(inPage), 1),
      p99: round(percentile(inPage, 99), 1),
      click_ms_p99: round(percentile(clicks, 99), 1),
      click_ms_p50: round(clickP50, 1),
      click_ms_max: round(clickMax, 1),
      clicks_ms: clicks.map((x) => round(x, 1)),
      in_page_click_ms_p50: round(median(inPage), 1),
      in_page_click_ms_max: round(inPageMax, 1),
      in_page_clicks_ms: inPage.map((x) => round(x, 1)),
      heap_mb_start: round(heapStart, 1),
      heap_mb_max: round(heapMax, 1),
      heap_mb_end: round(heapEnd, 1),
      publisher_msg_per_s_achieved: round(median(runs.map((r) => r.publishRate)), 0),
      messages_sent: runs.map((r) => r.sent),
      messages_seen_by_hub: runs.map((r) => r.seen),
    },
    ratio: round(median(inPage) / median(idleInPage), 3),
    // Judged on the in-page click (event to the tree's DOM update, on the page's clock): the
    // Playwright click adds CDP round trips and actionability checks whose cost is the harness's
    // (its idle max, with no load at all, is in floor.click_ms_max), reported beside it.
    pass: inPageMax < CLICK_BUDGET_MS && bounded,
    notes:
      `judged: in-page click (the click dispatched in the page, timed on the page clock until the node's aria-expanded toggles) max ${round(inPageMax, 1)} ms vs budget ${CLICK_BUDGET_MS} ms, every ${TICK_MS / 1000} s during ${seconds} s of QoS 0 at ${RATE} msg/s over ${TOPICS} topics; ` +
      `beside it, the same click through Playwright (CDP round trips and actionability checks included): p50 ${round(clickP50, 1)}, max ${round(clickMax, 1)} ms, against ${round(floorP50, 1)} / ${round(idleMax, 1)} ms for Playwright clicks on the idle page. heap = CDP usedSize, ` +
      `${round(heapStart, 1)} -> max ${round(heapMax, 1)} -> end ${round(heapEnd, 1)} MB ` +
      `(bounded: max < start + ${HEAP_GROWTH_BUDGET_MB} MB${bounded ? '' : ', NOT met'}).`,
  };
  writeFileSync(
    join(ROOT, 'bench', 'results', 'explorer-load.json'),
    `${JSON.stringify({ date: new Date().toISOString(), reps, quick, ...result }, null, 2)}\n`,
  );
  return result;
}
