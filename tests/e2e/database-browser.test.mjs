// ADMIN opens the database browser (mongo-express) from the home page, through Nginx: the items collection, then one
// item by _id, the same as the API's. Without the cookie, nothing of it is served. 1 login.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BASE_URL, graphql, launchBrowser, logIn, newPage, screenshot, storedSession } from './helpers.mjs';

const DB = process.env.LABELLOOP_MONGO_DB || 'labelloop';
const ITEM = 'query ($id: ID!) { item(id: $id) { id text } }';

describe('ADMIN: the database browser', () => {
  let browser;
  let page;
  let tab;

  before(async () => {
    browser = await launchBrowser();
    page = await newPage(browser);
  });
  after(async () => {
    await browser?.close();
  });

  it('the home page links both admin tools, each with what it is for', async () => {
    await logIn(page, 'admin', 'admin');
    const tools = page.getByRole('region', { name: 'Admin tools' });
    await tools.waitFor();
    assert.equal(await tools.getByRole('link', { name: /MLflow UI/ }).getAttribute('href'), '/mlflow/');
    assert.equal(await tools.getByRole('link', { name: /Database browser/ }).getAttribute('href'), '/mongo-express/');
    await tools.getByText('Experiments, runs, metrics and artifacts of every training.').waitFor();
    await tools.getByText(/The stored MongoDB documents, by collection and id/).waitFor();
    await screenshot(page, 'home-admin-tools');
  });

  it('the database browser opens in a new tab, read-only, on the application database', async () => {
    const link = page.getByRole('region', { name: 'Admin tools' }).getByRole('link', { name: /Database browser/ });
    [tab] = await Promise.all([page.waitForEvent('popup'), link.click()]);
    await tab.waitForURL((url) => url.pathname === '/mongo-express/', { timeout: 15_000 });
    assert.equal(await tab.title(), 'Home - Mongo Express');
    await tab.getByRole('link', { name: DB, exact: true }).first().click();
    await tab.waitForURL((url) => url.pathname === `/mongo-express/db/${DB}/`);
    assert.equal(await tab.title(), `${DB} - Mongo Express`);
    await screenshot(tab, 'mongo-express-database');
  });

  it('opens the items collection, then one item by _id: the document the API has', async () => {
    await tab.getByRole('link', { name: 'items', exact: true }).click();
    await tab.waitForURL((url) => url.pathname === `/mongo-express/db/${DB}/items`, { timeout: 30_000 });
    assert.equal(await tab.title(), 'items - Mongo Express');
    // a row whose _id is plain text (other tests leave items with unusual ids, which the URL escapes its own way)
    const rows = tab.locator('tr[onclick^="loadDocument"]');
    let firstRow = rows.first();
    let id = '';
    for (let n = 0; n < (await rows.count()); n += 1) {
      const candidate = (await rows.nth(n).locator('td').first().innerText()).trim();
      if (/^[A-Za-z0-9_.:-]+$/.test(candidate)) {
        firstRow = rows.nth(n);
        id = candidate;
        break;
      }
    }
    assert.ok(id.length > 0, 'no item with a plain _id on the first page');
    await screenshot(tab, 'mongo-express-items');

    await firstRow.locator('td').first().click(); // its _id cell: a row with annotations is tall, its middle may be a control
    await tab.waitForURL(
      (url) => decodeURIComponent(url.pathname) === `/mongo-express/db/${DB}/items/${JSON.stringify(id)}`,
      { timeout: 30_000 },
    );
    assert.equal(await tab.title(), `${id} - Mongo Express`);
    const shown = await tab.locator('textarea#document').inputValue();
    const { token } = await storedSession(page);
    const item = (await graphql(token, ITEM, { id })).data.item;
    assert.equal(item.id, id);
    assert.ok(shown.includes(`_id: '${id}'`), shown);
    assert.ok(shown.includes(`dataset_id: '${id.split(':')[0]}'`), shown);
    assert.equal(await tab.locator('textarea#document').getAttribute('readonly'), 'readonly');
    await screenshot(tab, 'mongo-express-item');
  });

  it('without the cookie, neither a page nor an asset of it is served', async () => {
    const stranger = await browser.newContext({ baseURL: BASE_URL });
    for (const path of ['/mongo-express/', `/mongo-express/db/${DB}/items`, '/mongo-express/public/css/style.css']) {
      const response = await stranger.request.get(path);
      assert.equal(response.status(), 401, path);
      assert.doesNotMatch(await response.text(), /mongo express|<html/i, path);
    }
    await stranger.close();
  });
});
