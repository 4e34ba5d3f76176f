// The workspace loads the next item ahead: while ADMIN reads an item, the next one is already reserved and loaded
// (its nextItem request left before the key press), so Enter shows it with no request after the key; the label of
// the item left is stored in the background and read back through the API. 1 login.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { graphql, launchBrowser, logIn, newPage, uniqueName } from './helpers.mjs';
import { api } from './pages.mjs';
import { adminToken, datasetWithItems, shownItem } from './prefetch.mjs';

const ITEM = 'query ($id: ID!) { item(id: $id) { annotations { annotator label } } }';

/** Every GraphQL operation the page sends: { name, sentAt, itemId (of a nextItem answer) }. */
function recordOperations(page) {
  const sent = [];
  page.on('request', (request) => {
    if (!request.url().endsWith('/graphql') || request.method() !== 'POST') return;
    const body = request.postDataJSON();
    const operation = { name: body?.operationName ?? /(?:query|mutation)\s+(\w+)/.exec(body?.query ?? '')?.[1], sentAt: Date.now(), itemId: null };
    sent.push(operation);
    request
      .response()
      .then((response) => response?.json())
      .then((json) => (operation.itemId = json?.data?.nextItem?.item?.id ?? null))
      .catch(() => {});
  });
  return sent;
}

describe('The annotation workspace loads the next item ahead', () => {
  let browser;
  let page;
  let token;
  let datasetId;

  before(async () => {
    browser = await launchBrowser();
    page = await newPage(browser);
    token = await adminToken();
    datasetId = await datasetWithItems(token, uniqueName('e2e-prefetch'), 6);
  });
  after(async () => {
    const archive = 'mutation ($id: ID!) { updateDataset(id: $id, input: { archived: true }) { __typename } }';
    if (datasetId) await graphql(token, archive, { id: datasetId }).catch(() => {});
    await browser?.close();
  });

  it('test_enter_shows_the_item_reserved_before_the_key_and_stores_the_label', async () => {
    // given: the workspace shows an item, and has asked for the next one
    const operations = recordOperations(page);
    await logIn(page, 'admin', 'admin');
    await page.goto(`/datasets/${datasetId}/annotate`);
    const first = await shownItem(page);
    for (let i = 0; i < 100 && !operations.some((o) => o.name === 'NextItem' && o.itemId && o.itemId !== first); i++) await page.waitForTimeout(50);
    const ahead = operations.find((o) => o.name === 'NextItem' && o.itemId && o.itemId !== first);
    assert.ok(ahead, `no item was loaded ahead: ${JSON.stringify(operations)}`);

    // when
    await page.keyboard.press('1');
    await page.locator('.label-button[data-label="pos"][aria-pressed="true"]').waitFor();
    const pressedAt = Date.now();
    await page.keyboard.press('Enter');
    const second = await shownItem(page, first);

    // then: the item shown is the one asked for before the key press; no nextItem had to answer after it first
    assert.equal(second, ahead.itemId);
    assert.ok(ahead.sentAt < pressedAt);
    const after = operations.filter((o) => o.sentAt >= pressedAt).map((o) => o.name);
    assert.ok(after.includes('AnnotateItem'), JSON.stringify(after));
    assert.ok(!operations.some((o) => o.sentAt >= pressedAt && o.itemId === second), 'the shown item came from a request after the key');
    // the label of the first item is stored
    for (let i = 0; i < 50; i++) {
      const { item } = await api(token, ITEM, { id: first });
      if (item.annotations.length > 0) break;
      await page.waitForTimeout(100);
    }
    assert.deepEqual((await api(token, ITEM, { id: first })).item.annotations, [{ annotator: 'admin', label: 'pos' }]);
    await page.getByText(`Labelled ${first.split(':').at(-1)}`).waitFor();
    assert.deepEqual(page.pageErrors, []);
  });
});
