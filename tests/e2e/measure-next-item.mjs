// Key press → next item's text on screen in Chromium, at human pace (a random 2–4 s on each item), with the item
// loaded ahead (the workspace's default) and without (`?prefetch=0`: each decision awaited, then the queue asked),
// in the same run on the same stack. Prints p50/p95 of each and their ratio. Not a test: a measurement.
//
//   LABELLOOP_HTTP_PORT=8080 node tests/e2e/measure-next-item.mjs [items per mode, default 20]
import { launchBrowser, logIn, newPage, uniqueName, graphql } from './helpers.mjs';
import { adminToken, datasetWithItems, percentile, shownItem, timeToNextItem } from './prefetch.mjs';

const perMode = Number(process.argv[2] ?? 20);
const token = await adminToken();
const datasetId = await datasetWithItems(token, uniqueName('measure-prefetch'), perMode * 2 + 5);
const browser = await launchBrowser();
const figures = {};
try {
  const page = await newPage(browser);
  await logIn(page, 'admin', 'admin');
  for (const [mode, query] of [['without (prefetch=0)', '?prefetch=0'], ['with the next item loaded ahead', '']]) {
    await page.goto(`/datasets/${datasetId}/annotate${query}`);
    let shown = await shownItem(page);
    const times = [];
    for (let i = 0; i < perMode; i++) {
      await page.waitForTimeout(2000 + Math.random() * 2000); // reading the item
      await page.keyboard.press(i % 2 ? '2' : '1');
      const { ms } = await timeToNextItem(page, 'Enter');
      times.push(ms);
      shown = await shownItem(page, shown);
    }
    figures[mode] = { p50: percentile(times, 50), p95: percentile(times, 95) };
    console.log(`${mode}: ${perMode} items, key → next item on screen p50 ${figures[mode].p50.toFixed(1)} ms, p95 ${figures[mode].p95.toFixed(1)} ms`);
  }
  const [before, after] = Object.values(figures);
  console.log(`ratio with/without: p50 ${(after.p50 / before.p50).toFixed(2)}, p95 ${(after.p95 / before.p95).toFixed(2)}`);
} finally {
  await graphql(token, 'mutation ($id: ID!) { updateDataset(id: $id, input: { archived: true }) { __typename } }', { id: datasetId }).catch(() => {});
  await browser.close();
}
