// The item page shows what the API returns about an item's labels: a USER's and an ADMIN's annotations with their
// notes, the gold label with the reviewer's comment, and the history — for both roles (fortunes is not blind: the
// blind case is the component test's). 2 logins (their sessions also write the labels through the API).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { graphql, launchBrowser, logIn, newPage, storedSession, uniqueName } from './helpers.mjs';

async function loggedIn(browser, username) {
  const page = await newPage(browser);
  await page.goto('/login');
  await logIn(page, username, username);
  await page.getByRole('heading', { level: 1 }).waitFor();
  return page;
}

async function write(tokenValue, query, variables) {
  const { data, errors } = await graphql(tokenValue, query, variables);
  assert.equal(errors, undefined, JSON.stringify(errors));
  const result = Object.values(data)[0];
  assert.equal(result.__typename, 'ItemSuccess', JSON.stringify(result));
}

describe('Item page: annotations, notes, gold label with its comment, history', () => {
  let browser;
  let itemId;
  const pages = {};
  const note = uniqueName('note');
  const comment = uniqueName('comment');

  before(async () => {
    browser = await launchBrowser();
    for (const username of ['user', 'admin']) pages[username] = await loggedIn(browser, username);
    const [user, admin] = [(await storedSession(pages.user)).token, (await storedSession(pages.admin)).token];
    const search = 'query { search(datasetId: "fortunes", filter: { statuses: [UNLABELED] }, first: 50) { ... on SearchResults { nodes { itemId } } } }';
    const hits = (await graphql(admin, search)).data.search.nodes;
    itemId = hits[Math.floor(Math.random() * hits.length)].itemId;
    const annotate = 'mutation ($i: ID!, $l: String!, $n: String) { annotateItem(itemId: $i, label: $l, note: $n) { __typename } }';
    await write(user, annotate, { i: itemId, l: 'science', n: note });
    await write(admin, annotate, { i: itemId, l: 'politics', n: null });
    const gold = 'mutation ($i: ID!, $c: String) { setGoldLabel(itemId: $i, label: "science", comment: $c) { __typename } }';
    await write(admin, gold, { i: itemId, c: comment });
  });
  after(async () => {
    await browser?.close();
  });

  for (const username of ['user', 'admin']) {
    it(`${username.toUpperCase()} sees both annotations with the note, the gold label with its comment and the history`, async () => {
      const page = pages[username];
      await page.goto(`/datasets/fortunes/items/${encodeURIComponent(itemId)}`);
      const annotations = page.getByRole('table', { name: 'Annotations' });
      await annotations.waitFor();
      const rows = await annotations.locator('tbody tr').evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 3).map((td) => td.textContent)).sort(),
      );
      assert.deepEqual(rows, [
        ['admin', 'politics', '—'],
        ['user', 'science', note],
      ]);
      const gold = page.getByRole('region', { name: 'Gold label' });
      assert.match(await gold.innerText(), new RegExp(`science\\s+“${comment}” — admin`));
      const history = await page.getByRole('region', { name: 'History' }).getByRole('listitem').allInnerTexts();
      assert.deepEqual(
        history.map((entry) => entry.replace(/^.*?(AM|PM)\s+/, '')),
        [`admin set the gold label science: “${comment}”`, 'admin labelled politics', `user labelled science: “${note}”`],
      );
      assert.deepEqual(page.pageErrors, []);
      await page.context().close();
    });
  }
});
