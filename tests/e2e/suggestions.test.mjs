// Suggestions one key away: ADMIN (through the API) trains a model on 40 labelled items, promotes it and runs batch
// scoring over 3 unlabelled items; the USER opens the workspace, sees the model's suggestion pre-selected and said
// so, presses Enter once, and the next item shows; the annotation records the suggestion as accepted. 2 logins
// (ADMIN through the API, USER in the browser).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BASE_URL, graphql, launchBrowser, logIn, newPage, screenshot, uniqueName } from './helpers.mjs';
import { api } from './pages.mjs';

const WORDS = { pos: ['great', 'lovely', 'superb', 'wonderful'], neg: ['awful', 'dreadful', 'terrible', 'horrible'] };
const TIMEOUT_MS = 3 * 60_000;

function rows() {
  const lines = Array.from({ length: 40 }, (_, i) => {
    const label = i % 2 ? 'neg' : 'pos';
    const words = WORDS[label];
    return { id: `t${i}`, text: `${words[i % 4]} ${words[(i + 1) % 4]} and the screen`, label };
  });
  lines.push({ id: 'u1', text: 'lovely superb great' }, { id: 'u2', text: 'awful dreadful horrible' }, { id: 'u3', text: 'wonderful lovely' });
  return `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`;
}

async function until(what, check) {
  for (const deadline = Date.now() + TIMEOUT_MS; Date.now() < deadline; ) {
    const value = await check();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error(`${what} did not happen within ${TIMEOUT_MS / 1000} s`);
}

async function importRows(token, datasetId) {
  const operations = {
    query: 'mutation ($d: ID!, $f: Upload!) { importItems(datasetId: $d, file: $f) { __typename ... on JobSuccess { job { id } } } }',
    variables: { d: datasetId, f: null },
  };
  const form = new FormData();
  form.append('operations', JSON.stringify(operations));
  form.append('map', JSON.stringify({ 0: ['variables.f'] }));
  form.append('0', new Blob([rows()]), 'items.jsonl');
  const response = await fetch(`${BASE_URL}/graphql`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  const { data } = await response.json();
  assert.equal(data.importItems.__typename, 'JobSuccess', JSON.stringify(data));
  await waitForJob(token, data.importItems.job.id);
}

async function waitForJob(token, id) {
  return until(`job ${id}`, async () => {
    const { job } = await api(token, 'query ($id: ID!) { job(id: $id) { state message } }', { id });
    if (['FAILED', 'CANCELLED'].includes(job.state)) throw new Error(`job ${id} ended ${job.state}: ${job.message}`);
    return job.state === 'SUCCEEDED' ? job : null;
  });
}

/** The item shown once the workspace settled on one other than `previousId`. */
async function shownItemId(page, previousId = null) {
  await page.waitForFunction((previous) => {
    const region = document.querySelector('section.work-item');
    const id = region?.getAttribute('data-item-id');
    return region?.getAttribute('aria-busy') === 'false' && id && id !== previous;
  }, previousId);
  return page.locator('section.work-item').getAttribute('data-item-id');
}

describe('Suggestions: the model’s label is pre-selected and one key accepts it', () => {
  const name = uniqueName('e2e-suggest');
  let browser;
  let page;
  let adminToken;

  before(async () => {
    browser = await launchBrowser();
    page = await newPage(browser);
  });
  after(async () => {
    if (adminToken) {
      const archive = 'mutation ($id: ID!) { updateDataset(id: $id, input: { archived: true }) { __typename } }';
      await graphql(adminToken, archive, { id: name }).catch(() => {});
    }
    await browser?.close();
  });

  it('batch scoring gives suggestions; Enter accepts the pre-selected one and the next item shows', async () => {
    // given a dataset whose production model scored its unlabelled items
    const login = await api(null, 'mutation { login(username: "admin", password: "admin") { ... on LoginSuccess { accessToken } } }');
    adminToken = login.login.accessToken;
    const created = await api(
      adminToken,
      'mutation ($input: CreateDatasetInput!) { createDataset(input: $input) { __typename ... on DatasetSuccess { dataset { id } } } }',
      { input: { name, kind: 'TEXT', labels: [{ name: 'pos', hotkey: '1' }, { name: 'neg', hotkey: '2' }] } },
    );
    assert.equal(created.createDataset.__typename, 'DatasetSuccess');
    const datasetId = created.createDataset.dataset.id;
    await importRows(adminToken, datasetId);
    const started = await api(
      adminToken,
      'mutation ($d: ID!) { startTraining(datasetId: $d, modelType: TFIDF_SGD) { __typename ... on TrainingRunSuccess { run { id } } } }',
      { d: datasetId },
    );
    const runId = started.startTraining.run.id;
    const version = await until('the training', async () => {
      const { trainingRun: run } = await api(adminToken, 'query ($id: ID!) { trainingRun(id: $id) { state message modelVersion } }', { id: runId });
      if (['FAILED', 'CANCELLED'].includes(run.state)) throw new Error(`run ended ${run.state}: ${run.message}`);
      return run.state === 'SUCCEEDED' ? run.modelVersion : null;
    });
    const promote =
      'mutation ($n: String!, $v: String!) { promoteModelVersion(name: $n, version: $v, reason: "e2e: suggestions") { __typename ... on PromotionJobSuccess { job { id } } } }';
    const promoted = (await api(adminToken, promote, { n: datasetId, v: version })).promoteModelVersion;
    assert.equal(promoted.__typename, 'PromotionJobSuccess');
    await waitForJob(adminToken, promoted.job.id);
    const scoring = await api(adminToken, 'mutation ($d: ID!) { scoreDataset(datasetId: $d) { __typename ... on ScoringJobSuccess { job { id } } } }', {
      d: datasetId,
    });
    assert.equal(scoring.scoreDataset.__typename, 'ScoringJobSuccess');
    await waitForJob(adminToken, scoring.scoreDataset.job.id);
    const item = async (id) =>
      (await api(adminToken, 'query ($id: ID!) { item(id: $id) { suggestion { label } annotations { annotator label suggestionAccepted } } }', { id })).item;

    // when the USER opens the workspace
    await page.goto(`/datasets/${datasetId}/annotate`);
    await page.waitForURL('**/login');
    await logIn(page, 'user', 'user');
    await page.waitForURL(`**/datasets/${datasetId}/annotate`);
    const first = await shownItemId(page);
    const { suggestion } = await item(first);
    assert.ok(suggestion, `${first} has a suggestion`);

    // then its suggestion is the label chosen, marked and said to be the model's
    const pressed = page.locator('.label-button[aria-pressed="true"]');
    await pressed.waitFor();
    assert.equal(await pressed.getAttribute('data-label'), suggestion.label);
    assert.equal(await pressed.getAttribute('data-suggested'), 'true');
    assert.match(await page.getByTestId('suggestion-hint').innerText(), new RegExp(`model’s suggestion ${suggestion.label} \\(.+ confident`));
    await screenshot(page, 'annotate-suggestion');

    // when one key is pressed: Enter
    await page.keyboard.press('Enter');

    // then the next item shows, and the label was stored as the suggestion accepted unchanged
    const second = await shownItemId(page, first);
    assert.notEqual(second, first);
    assert.deepEqual((await item(first)).annotations, [{ annotator: 'user', label: suggestion.label, suggestionAccepted: true }]);
    assert.deepEqual(page.pageErrors, []);
  });
});
