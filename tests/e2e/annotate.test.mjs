// The annotation workflow: ADMIN creates a dataset (2 labels per item) and imports 14 items; a new USER labels 10 of
// them with the keyboard only (an undo and relabel, a skip, a note, ← and →); the search counts those labels; ADMIN
// labels 3 of the same items through the API (2 agree, 1 does not), reviews the conflict with the keyboard, and the
// agreement page shows the figures. 2 logins (ADMIN and the new USER).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { graphql, launchBrowser, logIn, newPage, screenshot, storedSession, uniqueName } from './helpers.mjs';

const LABELS = [
  { name: 'pos', hotkey: '1' },
  { name: 'neg', hotkey: '2' },
  { name: 'neutral', hotkey: 'n' },
];
const KEY = Object.fromEntries(LABELS.map((label) => [label.name, label.hotkey]));
const ITEMS = 14;
const TO_LABEL = 10;
const NOTE = 'typed with keys: 1 s u n';

function itemsJsonl() {
  const lines = Array.from({ length: ITEMS }, (_, i) => {
    const id = `a${String(i + 1).padStart(2, '0')}`;
    return JSON.stringify({ id, text: `Review ${id}: the battery and the screen, item ${i + 1}`, metadata: { source: i % 2 ? 'app' : 'web' } });
  });
  return `${lines.join('\n')}\n`;
}

/** Waits until the workspace shows a settled item other than `previousId`; returns { id, externalId }. */
async function shownItem(page, previousId = null) {
  await page.waitForFunction((previous) => {
    const region = document.querySelector('section.work-item');
    const id = region?.getAttribute('data-item-id');
    return region?.getAttribute('aria-busy') === 'false' && id && id !== previous;
  }, previousId);
  const region = page.locator('section.work-item');
  const title = await region.getByRole('heading', { level: 2 }).innerText();
  return { id: await region.getAttribute('data-item-id'), externalId: title.replace(/^Item /, '') };
}

/** The label whose button is pressed (the one Enter would submit), or null. */
async function chosenLabel(page) {
  const pressed = page.locator('.label-button[aria-pressed="true"]');
  return (await pressed.count()) === 0 ? null : pressed.getAttribute('data-label');
}

function facetCount(page, group, value) {
  return page
    .getByRole('complementary', { name: 'Filters' })
    .getByRole('region', { name: group, exact: true })
    .locator(`button[data-value="${value}"] .facet-count`);
}

/** The facet counts of a group as { value: count }. */
async function facetCounts(page, group) {
  const buttons = page.getByRole('complementary', { name: 'Filters' }).getByRole('region', { name: group, exact: true }).locator('button');
  const counts = {};
  for (const button of await buttons.all()) {
    counts[await button.getAttribute('data-value')] = Number(await button.locator('.facet-count').innerText());
  }
  return counts;
}

function sameCounts(actual, expected) {
  const keys = Object.keys(expected);
  return Object.keys(actual).length === keys.length && keys.every((key) => actual[key] === expected[key]);
}

function tally(labels) {
  const counts = {};
  for (const label of labels) counts[label] = (counts[label] ?? 0) + 1;
  return counts;
}

async function api(token, query, variables) {
  const { data, errors } = await graphql(token, query, variables);
  assert.equal(errors, undefined, JSON.stringify(errors));
  return data;
}

/** The id of the account named `username`, paging through `users`; null if none. */
async function userId(token, username) {
  const query = 'query ($after: String) { users(first: 200, after: $after) { pageInfo { hasNextPage endCursor } nodes { id username } } }';
  for (let after = null; ; ) {
    const { users } = await api(token, query, { after });
    const found = users.nodes.find((node) => node.username === username);
    if (found) return found.id;
    if (!users.pageInfo.hasNextPage) return null;
    after = users.pageInfo.endCursor;
  }
}

const ITEM_QUERY = 'query ($id: ID!) { item(id: $id) { status goldLabel annotations { annotator label note } } }';
const ANNOTATE = `mutation ($itemId: ID!, $label: String!) {
  annotateItem(itemId: $itemId, label: $label) { __typename ... on Error { message } }
}`;
const STATUS_FACETS = `query ($datasetId: ID!) {
  search(datasetId: $datasetId, first: 1) { ... on SearchResults { facets { statuses { value count } } } }
}`;

describe('Annotation: a USER labels with the keyboard, ADMIN reviews, the agreement shows', () => {
  const name = uniqueName('e2e-annotate');
  const annotator = uniqueName('e2e-annotator');
  const password = `pw-${annotator}`;
  let browser;
  let admin;
  let user;
  let adminToken;
  /** externalId → { id, label } of what the USER labelled, in the end. */
  const given = new Map();
  let skipped;

  before(async () => {
    browser = await launchBrowser();
    admin = await newPage(browser);
    user = await newPage(browser);
  });
  after(async () => {
    if (adminToken) {
      // Runs do not fill the list: archive the dataset (the API deletes neither datasets nor users).
      const archive = 'mutation ($id: ID!) { updateDataset(id: $id, input: { archived: true }) { __typename } }';
      await graphql(adminToken, archive, { id: name }).catch(() => {});
      const id = await userId(adminToken, annotator).catch(() => null);
      const disable = 'mutation ($id: ID!) { setUserDisabled(userId: $id, disabled: true) { __typename } }';
      if (id) await graphql(adminToken, disable, { id }).catch(() => {});
    }
    await browser?.close();
  });

  it('ADMIN creates a dataset with 3 labels (hotkeys 1, 2, n), 2 labels per item, and imports 14 items', async () => {
    await admin.goto('/datasets');
    await admin.waitForURL('**/login');
    await logIn(admin, 'admin', 'admin');
    await admin.waitForURL('**/datasets');
    adminToken = (await storedSession(admin)).token;
    await admin.getByRole('button', { name: 'New dataset' }).click();
    const form = admin.getByRole('form', { name: 'Create a dataset' });
    await form.getByLabel('Name', { exact: true }).first().fill(name);
    await form.getByRole('button', { name: 'Add label' }).click();
    for (const [i, label] of LABELS.entries()) {
      const row = form.getByRole('group', { name: `Label ${i + 1}` });
      await row.getByLabel('Name', { exact: true }).fill(label.name);
      await row.getByLabel('Hotkey').fill(label.hotkey);
    }
    await form.getByLabel('Instructions for annotators').fill('Is the review positive, negative or neutral?');
    await form.getByLabel('Overlap target').fill('2');
    await form.getByRole('button', { name: 'Create dataset' }).click();
    await admin.waitForURL(`**/datasets/${name}`);

    const panel = admin.getByRole('region', { name: 'Import items' });
    await panel.getByLabel('File').setInputFiles({ name: 'items.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(itemsJsonl()) });
    await panel.getByRole('button', { name: 'Import' }).click();
    await panel.locator('.job[data-state="SUCCEEDED"]').waitFor({ timeout: 30_000 });
    await admin.getByTestId('item-count').filter({ hasText: new RegExp(`^${ITEMS}$`) }).waitFor();
    const tabs = admin.getByRole('navigation', { name: 'Dataset' });
    assert.deepEqual(await tabs.getByRole('link').allInnerTexts(), ['Overview', 'Search', 'Annotate', 'Review', 'Agreement', 'Training']);

    const created = await api(adminToken, 'mutation ($u: String!, $p: String!) { createUser(username: $u, password: $p, role: USER) { __typename } }', {
      u: annotator,
      p: password,
    });
    assert.equal(created.createUser.__typename, 'UserSuccess');
  });

  it('a new USER labels 10 items with the keyboard only: undo and relabel, skip, a note, ← and →', async () => {
    await user.goto(`/datasets/${name}/annotate`);
    await user.waitForURL('**/login');
    await logIn(user, annotator, password);
    await user.waitForURL(`**/datasets/${name}/annotate`);
    // From here on: the keyboard only (page.keyboard), no clicks.
    const keys = user.keyboard;
    const seen = [];
    let current = await shownItem(user);
    seen.push(current.id);
    const tabs = user.getByRole('navigation', { name: 'Dataset' });
    assert.deepEqual(await tabs.getByRole('link').allInnerTexts(), ['Overview', 'Search', 'Annotate', 'Agreement', 'Training']);

    const label = async (labelName) => {
      await keys.press(KEY[labelName]);
      await user.locator(`.label-button[data-label="${labelName}"][aria-pressed="true"]`).waitFor();
      await keys.press('Enter');
      given.set(current.externalId, { id: current.id, label: labelName });
      const next = await shownItem(user, current.id);
      current = next;
      return next;
    };
    const labelNew = async (labelName) => {
      const next = await label(labelName);
      assert.ok(!seen.includes(next.id), `the queue gave ${next.externalId} twice`);
      seen.push(next.id);
    };

    await labelNew('pos');
    await keys.press('2');
    await screenshot(user, 'annotate-workspace');
    const second = current;
    await labelNew('neg');
    assert.equal(await user.getByTestId('decided-count').innerText(), '2');

    // U: my label on the second item is deleted, and the item is shown again, with no label chosen.
    await keys.press('u');
    current = await shownItem(user, current.id);
    assert.equal(current.id, second.id);
    assert.equal(await chosenLabel(user), null);
    await user.getByText(`Undone: item ${second.externalId} has no label from you now`).waitFor();
    assert.equal(await user.getByTestId('decided-count').innerText(), '1');
    await screenshot(user, 'annotate-undo');
    await label('neutral'); // back to the queue's current item (the third), already reserved
    assert.ok(seen.includes(current.id));

    // S: the third item is passed over; the queue gives another one and never this one again.
    skipped = current;
    await keys.press('s');
    current = await shownItem(user, skipped.id);
    assert.ok(!seen.includes(current.id));
    seen.push(current.id);

    // A note: / goes to it; keys typed there are text (1, s, u, n do nothing); Escape leaves it; 1 and Enter submit.
    const noted = current;
    await keys.press('/');
    await keys.type(NOTE);
    assert.equal(await chosenLabel(user), null);
    assert.equal(await user.getByLabel('Note (optional)').inputValue(), NOTE);
    await keys.press('Escape');
    await screenshot(user, 'annotate-note');
    await labelNew('pos');

    // ← shows the item before, with my label and note; → comes back.
    const waiting = current;
    await keys.press('ArrowLeft');
    current = await shownItem(user, waiting.id);
    assert.equal(current.id, noted.id);
    assert.equal(await chosenLabel(user), 'pos');
    assert.equal(await user.getByLabel('Note (optional)').inputValue(), NOTE);
    await keys.press('ArrowRight');
    current = await shownItem(user, noted.id);
    assert.equal(current.id, waiting.id);

    const plan = ['neg', 'neutral', 'pos'];
    while (given.size < TO_LABEL) await labelNew(plan[given.size % plan.length]);
    assert.equal(await user.getByTestId('decided-count').innerText(), String(TO_LABEL));
    assert.ok(!given.has(skipped.externalId));
    // The counter follows the dataset: live, then read again once the index shows the last label.
    await user
      .getByTestId('dataset-progress')
      .filter({ hasText: `0 of ${ITEMS} items complete · ${TO_LABEL} in progress · ${ITEMS - TO_LABEL} unlabelled` })
      .waitFor({ timeout: 10_000 });
    await screenshot(user, 'annotate-ten');

    const token = (await storedSession(user)).token;
    const stored = await api(token, ITEM_QUERY, { id: noted.id });
    assert.deepEqual(stored.item.annotations, [{ annotator, label: 'pos', note: NOTE }]);
    const relabelled = await api(token, ITEM_QUERY, { id: second.id });
    assert.deepEqual(relabelled.item.annotations.map((a) => a.label), ['neutral']);
    assert.deepEqual(user.pageErrors, []);
  });

  it('the search of the dataset counts the 10 labelled items by status and label', async () => {
    await user.goto(`/datasets/${name}/search`);
    const expected = tally([...given.values()].map((g) => g.label));
    // The index shows a write within about a second: reload until it does.
    for (let attempt = 0; ; attempt++) {
      await user.getByTestId('total').filter({ hasText: `${ITEMS} results` }).waitFor();
      await user.locator('.search-main[aria-busy="false"]').waitFor();
      const statuses = await facetCounts(user, 'Status');
      const labels = await facetCounts(user, 'Label (by anyone)');
      const ok = statuses.IN_PROGRESS === TO_LABEL && statuses.UNLABELED === ITEMS - TO_LABEL;
      if (ok && sameCounts(labels, expected)) break;
      if (attempt >= 10) assert.fail(`facets ${JSON.stringify({ statuses, labels })}, expected ${JSON.stringify(expected)}`);
      await user.waitForTimeout(500);
      await user.reload();
    }
    assert.equal(await facetCount(user, 'Annotator', annotator).innerText(), String(TO_LABEL));
    await screenshot(user, 'annotate-search-facets');

    // Each hit links to the workspace on that item: the skipped one opens there (and stays unlabelled).
    const link = user.getByRole('link', { name: `Annotate ${skipped.externalId}`, exact: true });
    const href = await link.getAttribute('href');
    assert.equal(href, `/datasets/${name}/annotate?item=${encodeURIComponent(skipped.id)}`);
    await user.goto(href);
    assert.equal((await shownItem(user)).id, skipped.id);
    assert.equal(await chosenLabel(user), null);

    // The review queue is for reviewers: a USER who opens it gets the permission page.
    await user.goto(`/datasets/${name}/review`);
    await user.getByRole('heading', { name: 'You need permission REVIEW' }).waitFor();
    assert.match(await user.locator('.denied .reason').innerText(), /requires the permission 'review'/i);
    assert.deepEqual(user.pageErrors, []);
  });

  it('ADMIN reviews the one conflict with the keyboard', async () => {
    // ADMIN is the second annotator of three of the USER's items: agrees on a pos and a neg, not on a neutral.
    const pick = (wanted) => [...given.values()].find((g) => g.label === wanted);
    const agreeing = [pick('pos'), pick('neg')];
    const conflict = pick('neutral');
    for (const item of agreeing) {
      assert.equal((await api(adminToken, ANNOTATE, { itemId: item.id, label: item.label })).annotateItem.__typename, 'ItemSuccess');
    }
    assert.equal((await api(adminToken, ANNOTATE, { itemId: conflict.id, label: 'pos' })).annotateItem.__typename, 'ItemSuccess');
    for (let attempt = 0; ; attempt++) {
      const { search } = await api(adminToken, STATUS_FACETS, { datasetId: name });
      if (search.facets.statuses.find((s) => s.value === 'CONFLICT')?.count === 1) break;
      if (attempt >= 20) assert.fail('the conflict did not reach the index');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }

    await admin.goto(`/datasets/${name}/review`);
    const shown = await shownItem(admin);
    assert.equal(shown.id, conflict.id);
    const rows = admin.getByRole('table', { name: /Labels given/ }).locator('tbody tr');
    assert.deepEqual((await rows.locator('th').allInnerTexts()).sort(), [annotator, 'admin'].sort());
    await admin.getByRole('list', { name: 'History, newest first' }).getByRole('listitem').first().waitFor();
    await screenshot(admin, 'review');

    await admin.keyboard.press('n');
    await admin.keyboard.press('/');
    await admin.keyboard.type('neutral: no opinion given');
    await admin.keyboard.press('Escape');
    await admin.keyboard.press('Enter');
    await admin.getByRole('heading', { name: 'No conflicts left to review' }).waitFor();
    await admin.getByText(`Reviewed ${[...given].find(([, g]) => g.id === conflict.id)[0]}: gold label “neutral”.`).waitFor();
    await screenshot(admin, 'review-done');
    const stored = await api(adminToken, ITEM_QUERY, { id: conflict.id });
    assert.equal(stored.item.status, 'REVIEWED');
    assert.equal(stored.item.goldLabel, 'neutral');
  });

  it('the agreement page shows the figures, live', async () => {
    await admin.getByRole('navigation', { name: 'Dataset' }).getByRole('link', { name: 'Agreement' }).click();
    // 3 items with two labels, 2 agreeing: 66.7 %. Cohen's κ (exactly 2 annotators): p_o = 2/3, p_e = 1/3 → 0.50.
    await admin.getByTestId('percent-agreement').filter({ hasText: '66.7 %' }).waitFor();
    assert.equal(await admin.getByTestId('items-compared').innerText(), '3');
    assert.equal(await admin.getByTestId('cohen-kappa').innerText(), '0.50');
    assert.match(await admin.getByTestId('fleiss-kappa').innerText(), /^-?\d\.\d\d$/);
    const rows = admin.getByRole('table', { name: 'Annotators', exact: true }).locator('tbody tr');
    const byName = Object.fromEntries(
      await Promise.all((await rows.all()).map(async (row) => [await row.locator('th').innerText(), await row.locator('td').first().innerText()])),
    );
    assert.deepEqual(byName, { [annotator]: String(TO_LABEL), admin: '3' });
    await admin.getByTestId('queue-depth').filter({ hasText: String(ITEMS - 3) }).waitFor();
    assert.ok(Number(await admin.getByTestId('labels-last-minute').innerText()) >= 3);
    await admin.locator('figure[aria-label="Labels per annotator"] svg').first().waitFor();
    await screenshot(admin, 'agreement');
    assert.deepEqual(admin.pageErrors, []);
  });
});
