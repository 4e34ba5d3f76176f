// Shared by prefetch.test.mjs and measure-next-item.mjs: a TEXT dataset with items imported through the API, and the
// time from a key press to the next item's text on screen, measured in the page.
import assert from 'node:assert/strict';
import { BASE_URL } from './helpers.mjs';
import { api } from './pages.mjs';

const CREATE = 'mutation ($input: CreateDatasetInput!) { createDataset(input: $input) { __typename ... on DatasetSuccess { dataset { id } } } }';
const IMPORT = 'mutation ($d: ID!, $f: Upload!) { importItems(datasetId: $d, file: $f) { ... on JobSuccess { job { id } } } }';

export const adminToken = async () =>
  (await api(null, 'mutation { login(username: "admin", password: "admin") { ... on LoginSuccess { accessToken } } }')).login.accessToken;

/** A SINGLE_LABEL dataset (pos: 1, neg: 2; one label per item) with `count` items; its id. */
export async function datasetWithItems(token, name, count) {
  const labels = [{ name: 'pos', hotkey: '1' }, { name: 'neg', hotkey: '2' }];
  const { createDataset } = await api(token, CREATE, { input: { kind: 'TEXT', name, labels } });
  assert.equal(createDataset.__typename, 'DatasetSuccess');
  const id = createDataset.dataset.id;
  const lines = Array.from({ length: count }, (_, i) => JSON.stringify({ id: `p${String(i).padStart(3, '0')}`, text: `Prefetched review number ${i}` }));
  const form = new FormData();
  form.append('operations', JSON.stringify({ query: IMPORT, variables: { d: id, f: null } }));
  form.append('map', JSON.stringify({ 0: ['variables.f'] }));
  form.append('0', new Blob([lines.join('\n')]), 'items.jsonl');
  const response = await fetch(`${BASE_URL}/graphql`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  const jobId = (await response.json()).data.importItems.job.id;
  for (let state = ''; state !== 'SUCCEEDED'; await new Promise((r) => setTimeout(r, 500))) {
    state = (await api(token, 'query ($id: ID!) { job(id: $id) { state } }', { id: jobId })).job.state;
    assert.ok(!['FAILED', 'CANCELLED'].includes(state), `import ${state}`);
  }
  return id;
}

/** Waits until the workspace shows a settled item other than `previous`; its id. */
export async function shownItem(page, previous = '') {
  await page.waitForFunction((prev) => {
    const region = document.querySelector('section.work-item');
    const id = region?.getAttribute('data-item-id');
    return region?.getAttribute('aria-busy') === 'false' && id && id !== prev;
  }, previous);
  return page.locator('section.work-item').getAttribute('data-item-id');
}

/**
 * Presses `key` and answers the milliseconds from the keydown (in the page) to the frame after the next item's text is
 * in the page, and the key press's epoch time (ms).
 */
export async function timeToNextItem(page, key) {
  const previous = await page.locator('section.work-item').getAttribute('data-item-id');
  await page.evaluate((prev) => {
    window.__nextItem = new Promise((resolve) => {
      let pressed = null;
      document.addEventListener('keydown', () => (pressed ??= performance.now()), { capture: true, once: true });
      const check = () => {
        const region = document.querySelector('section.work-item');
        const id = region?.getAttribute('data-item-id');
        if (pressed !== null && id && id !== prev && region.querySelector('.item-text')?.textContent) {
          requestAnimationFrame(() => resolve(performance.now() - pressed));
          observer.disconnect();
        }
      };
      const observer = new MutationObserver(check);
      observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    });
  }, previous);
  const at = Date.now();
  await page.keyboard.press(key);
  const ms = await page.evaluate(() => window.__nextItem);
  return { ms, at };
}

export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
