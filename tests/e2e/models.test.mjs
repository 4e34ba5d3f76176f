// ADMIN promotes two fresh versions of "fortunes", rolls back, predicts and monitors; USER reads and predicts.
// 2 logins. The model is put back in the state it was found in at the end (two rollbacks through the API).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { graphql, launchBrowser, logIn, newPage, screenshot, storedSession } from './helpers.mjs';

const MODEL = 'fortunes';
const TRAINING_TIMEOUT_MS = 5 * 60_000;
const LINES = ['The new laptop has a faster processor and more memory', 'The senator voted against the bill', 'I love you more than words can say'];

async function api(token, query, variables = {}) {
  const { data, errors } = await graphql(token, query, variables);
  if (errors) throw new Error(`GraphQL errors: ${JSON.stringify(errors)}`);
  return data;
}

const START_TRAINING = `mutation ($datasetId: ID!) {
  startTraining(datasetId: $datasetId, modelType: TFIDF_MULTINOMIAL_NB) {
    __typename ... on TrainingRunSuccess { run { id } } ... on Error { message }
  }
}`;
const RUN = 'query ($id: ID!) { trainingRun(id: $id) { state message modelVersion } }';
const PRODUCTION = 'query { registeredModels(first: 200) { nodes { name productionVersion } } }';
const ROLLBACK = `mutation ($name: String!, $reason: String!) {
  rollbackModel(name: $name, reason: $reason) { __typename ... on PromotionJobSuccess { job { id } } }
}`;

/** Starts a training of fortunes; returns its run id. */
async function startTraining(token) {
  const { startTraining: outcome } = await api(token, START_TRAINING, { datasetId: MODEL });
  assert.equal(outcome.__typename, 'TrainingRunSuccess', JSON.stringify(outcome));
  return outcome.run.id;
}

/** Polls a run until it succeeded; returns the model version it registered. */
async function waitForVersion(token, runId) {
  const deadline = Date.now() + TRAINING_TIMEOUT_MS;
  for (;;) {
    const { trainingRun: run } = await api(token, RUN, { id: runId });
    if (run.state === 'SUCCEEDED' && run.modelVersion) return run.modelVersion;
    if (['FAILED', 'CANCELLED'].includes(run.state)) throw new Error(`run ${runId} ended ${run.state}: ${run.message}`);
    if (Date.now() > deadline) throw new Error(`run ${runId} still ${run.state} after ${TRAINING_TIMEOUT_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

async function productionVersion(token) {
  const { registeredModels } = await api(token, PRODUCTION);
  return registeredModels.nodes.find((model) => model.name === MODEL)?.productionVersion ?? null;
}

/** Opens the reason dialog with `button`, types `reason` and sends it with `submit`. */
async function withReason(page, button, submit, reason) {
  await button.click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Reason').fill(reason);
  await dialog.getByRole('button', { name: submit, exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
}

async function expectProduction(page, version) {
  await page.getByTestId('production-version').filter({ hasText: `production: v${version}` }).waitFor();
  const row = page.getByRole('table', { name: 'Versions' }).locator(`tr[data-version="${version}"]`);
  await row.locator('.badge-production').waitFor();
}

/** Predicts LINES in the playground until the answer comes from `version` (replicas swap within a second). */
async function predictWith(page, version) {
  const box = page.getByLabel('Texts, one per line');
  await box.fill(LINES.join('\n'));
  const deadline = Date.now() + 15_000;
  for (;;) {
    await page.getByRole('button', { name: 'Predict', exact: true }).click();
    const servedBy = page.getByTestId('served-by');
    await servedBy.waitFor();
    const text = await servedBy.innerText();
    if (text.includes(`version ${version} `)) return text;
    if (Date.now() > deadline) throw new Error(`the playground is still answered by another version: ${text}`);
    await page.waitForTimeout(500);
  }
}

describe('Models: ADMIN promotes, rolls back, predicts and monitors; USER reads and predicts', () => {
  let browser;
  let admin;
  let adminToken;
  let before0; // the production version before the run
  let first;
  let second;
  let restored = false;

  before(async () => {
    browser = await launchBrowser();
    admin = await newPage(browser);
  });
  after(async () => {
    // Leave fortunes as it was found: production back to before0 (promote A, promote B, rollback → A; once more → before0).
    if (adminToken && first && !restored && before0) {
      const now = await productionVersion(adminToken).catch(() => null);
      if (now === first) await api(adminToken, ROLLBACK, { name: MODEL, reason: 'e2e: restore the production version from before the run' }).catch(() => {});
    }
    await browser?.close();
  });

  it('ADMIN logs in and trains two new versions of fortunes through the API', async () => {
    await admin.goto('/models');
    await admin.waitForURL('**/login');
    await logIn(admin, 'admin', 'admin');
    await admin.waitForURL('**/models');
    adminToken = (await storedSession(admin)).token;
    before0 = await productionVersion(adminToken);
    const runs = [await startTraining(adminToken), await startTraining(adminToken)];
    // The two run side by side: a version number is given when a run ends, so the first started may be the later.
    const versions = await Promise.all(runs.map((id) => waitForVersion(adminToken, id)));
    [first, second] = versions.sort((a, b) => Number(a) - Number(b));
    assert.notEqual(first, second);
  });

  it('ADMIN opens Models → fortunes and promotes the first new version, then the second, with reasons', async () => {
    await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Models' }).click();
    await admin.reload(); // the list was loaded before the trainings
    const list = admin.getByRole('table', { name: 'Registered models' });
    await list.getByRole('link', { name: MODEL, exact: true }).click();
    await admin.waitForURL(`**/models/${MODEL}`);
    const versions = admin.getByRole('table', { name: 'Versions' });
    await versions.locator(`tr[data-version="${second}"]`).waitFor();
    await screenshot(admin, 'models-versions');

    await admin.getByRole('button', { name: `Promote version ${first}` }).click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Promote', exact: true }).click();
    await dialog.getByText('Say why: the reason is kept in the history.').waitFor(); // required
    await dialog.getByLabel('Reason').fill(`e2e: first candidate v${first}`);
    await screenshot(admin, 'models-promote-dialog');
    await dialog.getByRole('button', { name: 'Promote', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await admin.getByRole('status').filter({ hasText: `Version ${first} of ${MODEL} is in production now` }).waitFor();
    await expectProduction(admin, first);

    await withReason(admin, admin.getByRole('button', { name: `Promote version ${second}` }), 'Promote', `e2e: second candidate v${second}`);
    await expectProduction(admin, second);
    const history = admin.getByRole('list', { name: 'Promotion history' });
    const entries = history.getByRole('listitem');
    await entries.first().filter({ hasText: `e2e: second candidate v${second}` }).waitFor();
    assert.match(await entries.nth(0).innerText(), new RegExp(`PROMOTE\\s+v${second} \\(was v${first}\\)`));
    assert.match(await entries.nth(1).innerText(), new RegExp(`PROMOTE\\s+v${first}`));
    assert.match(await entries.nth(1).innerText(), /e2e: first candidate/);
    assert.match(await entries.nth(0).innerText(), /by admin/);
  });

  it('ADMIN compares the two versions', async () => {
    await admin.getByRole('checkbox', { name: `Compare version ${first}` }).check();
    await admin.getByRole('checkbox', { name: `Compare version ${second}` }).check();
    const table = admin.getByRole('table', { name: `Version ${first} and version ${second}` });
    await table.waitFor();
    assert.match(await table.innerText(), /Accuracy/);
  });

  it('ADMIN rolls back with a reason: the first is production again', async () => {
    await withReason(admin, admin.getByRole('button', { name: 'Roll back', exact: true }), 'Roll back', 'e2e: back to the first candidate');
    await admin.getByRole('status').filter({ hasText: `Rolled back: version ${first} of ${MODEL} is in production again` }).waitFor();
    await expectProduction(admin, first);
    const top = admin.getByRole('list', { name: 'Promotion history' }).getByRole('listitem').first();
    await top.filter({ hasText: 'e2e: back to the first candidate' }).waitFor();
    assert.match(await top.innerText(), new RegExp(`ROLLBACK\\s+v${first} \\(was v${second}\\)`));
    await screenshot(admin, 'models-history');
  });

  it('ADMIN predicts a few lines in the playground: labels and the serving version', async () => {
    await admin.getByRole('navigation', { name: 'Model' }).getByRole('link', { name: 'Playground' }).click();
    await admin.waitForURL(`**/models/${MODEL}/predict`);
    const servedBy = await predictWith(admin, first);
    assert.match(servedBy, /on replica api-\d/);
    const rows = admin.getByRole('table', { name: 'Predictions' }).locator('tbody tr');
    assert.equal(await rows.count(), LINES.length);
    for (let i = 0; i < LINES.length; i++) {
      const label = (await rows.nth(i).locator('.predicted-label').innerText()).trim();
      assert.ok(label.length > 0, `row ${i + 1} has a label`);
    }
    await screenshot(admin, 'models-playground');
  });

  it('ADMIN sees the predictions in monitoring', async () => {
    await admin.getByRole('navigation', { name: 'Model' }).getByRole('link', { name: 'Monitoring' }).click();
    await admin.waitForURL(`**/models/${MODEL}/monitoring`);
    await admin.getByLabel('Window').selectOption({ label: 'Last 15 minutes' });
    // The playground's predictions are PLAYGROUND traffic: left out of the figures unless asked for.
    await admin.getByText(/^Left out: \d+ playground/).waitFor();
    await admin.getByRole('checkbox', { name: 'Include playground and test predictions' }).check();
    // Predictions are indexed within ~2 s: refresh until this version's row counts ours.
    const deadline = Date.now() + 30_000;
    for (;;) {
      const total = Number((await admin.getByTestId('prediction-total').innerText()).trim());
      const row = admin.getByRole('table', { name: 'Predictions per version' }).getByRole('row', { name: new RegExp(`^v${first} `) });
      const counted = (await row.count()) ? Number((await row.locator('td').innerText()).trim()) : 0;
      if (total > 0 && counted >= LINES.length) break;
      if (Date.now() > deadline) throw new Error(`monitoring shows ${total} predictions, ${counted} of v${first}`);
      await admin.waitForTimeout(1000);
      await admin.getByRole('button', { name: 'Refresh', exact: true }).click();
      await admin.locator('section[aria-busy="false"]').first().waitFor();
    }
    // A few predictions are no sample to judge drift on (minimum 50)
    await admin.getByText(/^Not enough predictions yet \(\d+ of 50\)$/).waitFor();
    await admin.getByRole('figure', { name: 'Predictions per minute' }).locator('svg').first().waitFor();
    await screenshot(admin, 'models-monitoring');
    assert.deepEqual(admin.pageErrors, []);
  });

  it('USER sees Promote and Roll back disabled with the reason, and can use the playground', async () => {
    const user = await newPage(browser);
    await user.goto(`/models/${MODEL}`);
    await user.waitForURL('**/login');
    await logIn(user, 'user', 'user');
    await user.waitForURL(`**/models/${MODEL}`);
    const promote = user.getByRole('button', { name: `Promote version ${second}` });
    await promote.waitFor();
    assert.equal(await promote.isDisabled(), true);
    assert.match(await promote.getAttribute('title'), /promote_model/);
    const rollback = user.getByRole('button', { name: 'Roll back', exact: true });
    assert.equal(await rollback.isDisabled(), true);
    const reasonId = await rollback.getAttribute('aria-describedby');
    assert.match(await user.locator(`[id="${reasonId}"]`).innerText(), /promote_model/);
    await screenshot(user, 'models-user');

    await user.getByRole('navigation', { name: 'Model' }).getByRole('link', { name: 'Playground' }).click();
    await predictWith(user, first);
    assert.equal(await user.getByRole('table', { name: 'Predictions' }).locator('tbody tr').count(), LINES.length);
    assert.deepEqual(user.pageErrors, []);
  });

  it('the model is put back as it was found (API)', async () => {
    if (!before0) return; // there was no production version before: nothing to restore to
    const { rollbackModel } = await api(adminToken, ROLLBACK, { name: MODEL, reason: 'e2e: restore the production version from before the run' });
    assert.equal(rollbackModel.__typename, 'PromotionJobSuccess'); // a PROMOTION job: wait for it
    restored = true;
    for (const deadline = Date.now() + 60_000; (await productionVersion(adminToken)) !== before0; ) {
      if (Date.now() > deadline) throw new Error(`fortunes is not back to v${before0} 60 s after the rollback`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  });
});
