// Multi-label and span annotation by keyboard only. ADMIN (API) creates a MULTI_LABEL and a SPANS dataset and imports
// items; in the browser ADMIN toggles two labels and submits the set, is told that an empty set is not sent, says
// "none of these" with 0; then marks spans on a Unicode text (accents, CJK, an emoji before the last span), is refused
// an overlapping span, walks to a span with Tab and deletes it, and submits; marks a span on the next item with the
// mouse. The stored sets and spans (code-point
// offsets) are read back through GraphQL. 2 logins.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { BASE_URL, graphql, launchBrowser, logIn, newPage, screenshot, uniqueName } from './helpers.mjs';
import { api } from './pages.mjs';

const TEXT = 'Zoë met 山田 in Paris 😀 then flew to Genève';
const CREATE = 'mutation ($input: CreateDatasetInput!) { createDataset(input: $input) { __typename ... on DatasetSuccess { dataset { id } } } }';
const ITEM = 'query ($id: ID!) { item(id: $id) { annotations { label labels spans { start end label text } } } }';

async function createWithItems(token, input, lines) {
  const { createDataset } = await api(token, CREATE, { input: { kind: 'TEXT', ...input } });
  assert.equal(createDataset.__typename, 'DatasetSuccess');
  const id = createDataset.dataset.id;
  const operations = { query: 'mutation ($d: ID!, $f: Upload!) { importItems(datasetId: $d, file: $f) { ... on JobSuccess { job { id } } } }', variables: { d: id, f: null } };
  const form = new FormData();
  form.append('operations', JSON.stringify(operations));
  form.append('map', JSON.stringify({ 0: ['variables.f'] }));
  form.append('0', new Blob([lines.map((line) => JSON.stringify(line)).join('\n')]), 'items.jsonl');
  const response = await fetch(`${BASE_URL}/graphql`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  const jobId = (await response.json()).data.importItems.job.id;
  for (let state = ''; state !== 'SUCCEEDED'; await new Promise((r) => setTimeout(r, 500))) {
    state = (await api(token, 'query ($id: ID!) { job(id: $id) { state } }', { id: jobId })).job.state;
    assert.ok(!['FAILED', 'CANCELLED'].includes(state), `import ${state}`);
  }
  return id;
}

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's WCAG 2.0/2.1 A and AA violations on the page (ids and targets). */
async function violations(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
  const found = await page.evaluate((values) => window.axe.run(document, { runOnly: { type: 'tag', values } }), tags);
  return found.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function shownItem(page, previous = '') {
  await page.waitForFunction((prev) => {
    const region = document.querySelector('section.work-item');
    const id = region?.getAttribute('data-item-id');
    return region?.getAttribute('aria-busy') === 'false' && id && id !== prev;
  }, previous);
  return page.locator('section.work-item').getAttribute('data-item-id');
}

describe('Multi-label and span annotation by keyboard only', () => {
  let browser;
  let page;
  let token;
  const ids = [];

  before(async () => {
    browser = await launchBrowser();
    page = await newPage(browser);
    token = (await api(null, 'mutation { login(username: "admin", password: "admin") { ... on LoginSuccess { accessToken } } }')).login.accessToken;
  });
  after(async () => {
    const archive = 'mutation ($id: ID!) { updateDataset(id: $id, input: { archived: true }) { __typename } }';
    for (const id of ids) await graphql(token, archive, { id }).catch(() => {});
    await browser?.close();
  });

  it('toggles labels and submits the set; an empty set is refused; 0 says none of these', async () => {
    // given
    const labels = [{ name: 'billing', hotkey: '1' }, { name: 'bug', hotkey: '2' }, { name: 'praise', hotkey: '3' }];
    const id = await createWithItems(token, { name: uniqueName('e2e-multi'), taskType: 'MULTI_LABEL', labels }, [{ id: 'a', text: 'charged twice and the app crashed' }, { id: 'b', text: 'hello' }]);
    ids.push(id);
    await logIn(page, 'admin', 'admin');
    await page.goto(`/datasets/${id}/annotate`);
    const first = await shownItem(page);
    // when: 1, 3, 2, 3 (praise off again), Enter
    for (const key of ['1', '3', '2', '3']) await page.keyboard.press(key);
    assert.equal(await page.getByRole('button', { name: /^billing/ }).getAttribute('aria-pressed'), 'true');
    assert.equal(await page.getByRole('button', { name: /^praise/ }).getAttribute('aria-pressed'), 'false');
    await page.keyboard.press('Enter');
    const second = await shownItem(page, first);
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'an empty set is not sent' }).waitFor();
    await page.keyboard.press('0');
    assert.equal(await page.getByRole('button', { name: /^None of these/ }).getAttribute('aria-pressed'), 'true');
    await screenshot(page, 'multi-label');
    assert.deepEqual(await violations(page), []);
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'none of these' }).waitFor();
    // then
    const a = (await api(token, ITEM, { id: first })).item.annotations;
    const b = (await api(token, ITEM, { id: second })).item.annotations;
    assert.deepEqual(a.map((x) => x.labels), [['billing', 'bug']]);
    assert.deepEqual(b.map((x) => [x.label, x.labels]), [['(none)', []]]);
  });

  it('marks spans word by word on Unicode text; an overlap is refused; Tab and Delete remove one; the mouse marks too', async () => {
    // given
    const labels = [{ name: 'PER', hotkey: '1' }, { name: 'LOC', hotkey: '2' }];
    const input = { name: uniqueName('e2e-spans'), taskType: 'SPANS', labels };
    const id = await createWithItems(token, input, [{ id: 's', text: TEXT }, { id: 'm', text: 'Lunch in Köln 🍜 today' }]);
    ids.push(id);
    await page.goto(`/datasets/${id}/annotate?item=${encodeURIComponent(`${id}:s`)}`);
    const itemId = await shownItem(page);
    assert.equal(itemId, `${id}:s`);
    const selected = () => page.locator('.span-token.selected').allInnerTexts().then((t) => t.join(''));
    // when: Zoë PER; →→ 山田 PER; →→ Paris LOC; →×5 Genève LOC
    await page.keyboard.press('1');
    for (const [moves, key, text] of [[2, '1', '山田'], [2, '2', 'Paris'], [5, '2', 'Genève']]) {
      for (let i = 0; i < moves; i++) await page.keyboard.press('ArrowRight');
      assert.equal(await selected(), text);
      await page.keyboard.press(key);
    }
    await page.keyboard.press('Shift+ArrowLeft');
    assert.equal(await selected(), 'to Genève');
    await page.keyboard.press('1');
    await page.getByRole('status').filter({ hasText: 'Spans may not overlap' }).waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Delete');
    const list = page.getByRole('list', { name: 'Spans' });
    assert.deepEqual(await list.getByRole('listitem').allInnerTexts(), ['山田 PER', 'Paris LOC', 'Genève LOC']);
    await screenshot(page, 'spans');
    assert.deepEqual(await violations(page), []);
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Labelled s 3 spans' }).waitFor();
    // and with the mouse on the next item: drag over "in Köln", click LOC, click Submit
    const mouseItem = await shownItem(page, itemId);
    const [from, to] = [await page.locator('.span-token', { hasText: 'in' }).first().boundingBox(), await page.locator('.span-token', { hasText: 'Köln' }).boundingBox()];
    await page.mouse.move(from.x + 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(to.x + to.width - 2, to.y + to.height / 2, { steps: 5 });
    await page.mouse.up();
    await page.getByRole('button', { name: /^LOC/ }).click();
    await page.getByRole('button', { name: /^Submit/ }).click();
    await page.getByRole('status').filter({ hasText: 'Labelled m 1 span' }).waitFor();
    const byMouse = (await api(token, ITEM, { id: mouseItem })).item.annotations[0].spans;
    assert.deepEqual(byMouse, [{ start: 6, end: 13, label: 'LOC', text: 'in Köln' }]);
    // then: code points — the emoji counts one, so Genève is 35–41 (UTF-16: 36–42)
    const { annotations } = (await api(token, ITEM, { id: itemId })).item;
    assert.deepEqual(annotations[0].spans, [
      { start: 8, end: 10, label: 'PER', text: '山田' },
      { start: 14, end: 19, label: 'LOC', text: 'Paris' },
      { start: 35, end: 41, label: 'LOC', text: 'Genève' },
    ]);
  });
});
