// Training: ADMIN opens the demo dataset `fortunes` (TEXT, a quarter of its items with gold labels), starts a
// TFIDF_SGD training from the form and follows it live — the chart grows point by point, the WebSocket is cut once
// mid-run and the chart still ends with every epoch exactly once — until it SUCCEEDED with a model version; the
// runs list shows it, the comparison puts it beside a second run, MLflow opens on its run. USER sees the form with
// Start disabled and the reason, and reads the run. 2 logins (ADMIN and USER).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { graphql, launchBrowser, logIn, newPage, screenshot, storedSession } from './helpers.mjs';

const DATASET = 'fortunes';
const EPOCHS = 60;
/** The WebSocket is closed (as a dropped connection: code 1001) after this many trainingRun events. */
const DROP_AFTER_EVENTS = 40;

/** The number of points the run chart draws (its `data-points`). */
async function plottedPoints(page) {
  return Number(await page.getByRole('figure', { name: 'Training curves' }).getAttribute('data-points'));
}

async function runState(page) {
  return page.locator('.run-header').getAttribute('data-state');
}

/**
 * Cuts the page's GraphQL WebSocket once, after `afterEvents` events of the trainingRun subscription, the way a
 * dropped connection would; messages are relayed untouched otherwise. Returns what it saw.
 */
async function dropSocketOnce(page, afterEvents) {
  const seen = { connections: 0, subscribes: [], events: 0, dropped: false };
  await page.routeWebSocket(/\/graphql$/, (ws) => {
    seen.connections += 1;
    const server = ws.connectToServer();
    ws.onMessage((message) => {
      const text = String(message);
      if (text.includes('"subscribe"') && text.includes('trainingRun')) seen.subscribes.push(JSON.parse(text).payload.variables);
      server.send(message);
    });
    server.onMessage((message) => {
      ws.send(message);
      if (!String(message).includes('"trainingRun"')) return;
      seen.events += 1;
      if (!seen.dropped && seen.events === afterEvents) {
        seen.dropped = true;
        ws.close({ code: 1001, reason: 'e2e: dropped connection' });
        server.close();
      }
    });
  });
  return seen;
}

const START_NB = `mutation ($datasetId: ID!) {
  startTraining(datasetId: $datasetId, modelType: TFIDF_MULTINOMIAL_NB, params: {alpha: 0.5}) {
    __typename ... on TrainingRunSuccess { run { id } } ... on Error { message }
  }
}`;
const RUN_STATE = 'query ($id: ID!) { trainingRun(id: $id) { state message modelVersion } }';

/** No MLflow call failed, and no error banner ("Can't load run details", "Experiment load error"…) is shown. */
async function assertNoMlflowError(tab, failed) {
  assert.deepEqual(failed, []);
  const text = await tab.locator('body').innerText();
  assert.doesNotMatch(text, /can't load|load error|something went wrong|unexpected token/i, text.slice(0, 2000));
}

describe('Training: ADMIN trains on fortunes and follows the run live; USER sees the form read-only', () => {
  let browser;
  let admin;
  let runId;
  let version;

  before(async () => {
    browser = await launchBrowser();
    admin = await newPage(browser);
  });
  after(async () => {
    await browser?.close();
  });

  it('ADMIN opens fortunes → Training → the form, built from the TEXT model types with their defaults', async () => {
    await admin.goto(`/datasets/${DATASET}`);
    await admin.waitForURL('**/login');
    await logIn(admin, 'admin', 'admin');
    await admin.waitForURL(`**/datasets/${DATASET}`);
    await admin.getByRole('navigation', { name: 'Dataset' }).getByRole('link', { name: 'Training' }).click();
    await admin.waitForURL(`**/datasets/${DATASET}/training`);
    await admin.getByRole('link', { name: 'New training' }).click();
    await admin.waitForURL(`**/datasets/${DATASET}/train`);

    const form = admin.getByRole('form', { name: 'Train a model' });
    const type = form.getByLabel('Model type');
    await type.waitFor(); // the form appears once the model types have come
    const types = await type.locator('option').evaluateAll((options) => options.map((o) => o.value));
    assert.deepEqual(types.sort(), ['TFIDF_LINEAR_SVC', 'TFIDF_LOGISTIC_REGRESSION', 'TFIDF_MULTINOMIAL_NB', 'TFIDF_SGD']);
    await type.selectOption('TFIDF_SGD');
    const epochs = form.getByLabel('epochs', { exact: true });
    await admin.waitForFunction(() => document.querySelector('[data-param="epochs"] input')?.value === '15'); // default
    assert.equal(await epochs.getAttribute('min'), '1');
    assert.equal(await epochs.getAttribute('max'), '500');
    assert.equal(await form.getByLabel('analyzer').inputValue(), 'word');
    assert.equal(await form.getByLabel('sublinear_tf').isChecked(), true);
    assert.equal(await form.getByLabel('No limit (max_features)').isChecked(), false);
    await epochs.fill(String(EPOCHS));

    // The live count of the training set: every item matches, a quarter of them (gold labels) have a label.
    const count = admin.getByTestId('training-set-count');
    await count.filter({ hasText: /items match/ }).waitFor();
    const [, matching, labelled] = /([\d,]+) items match · ([\d,]+) with a label/.exec(await count.innerText());
    assert.ok(Number(labelled.replace(/,/g, '')) >= 100, `labelled items: ${labelled}`);
    assert.ok(Number(matching.replace(/,/g, '')) > Number(labelled.replace(/,/g, '')), `${matching} / ${labelled}`);
    await screenshot(admin, 'training-form');
  });

  it(`starts TFIDF_SGD with ${EPOCHS} epochs: the chart grows live (through a dropped WebSocket), then SUCCEEDED with a version`, async () => {
    const socket = await dropSocketOnce(admin, DROP_AFTER_EVENTS);
    await admin.getByRole('button', { name: 'Start training' }).click();
    await admin.waitForURL(/\/datasets\/fortunes\/training\/run_[0-9a-f]+$/);
    await admin.mouse.move(0, 0); // no chart tooltip in the screenshots
    runId = new URL(admin.url()).pathname.split('/').pop();

    // Sample the number of plotted points until the run has ended: it must grow through intermediate values.
    const samples = [];
    let liveShot = false;
    const deadline = Date.now() + 90_000;
    for (;;) {
      const points = await plottedPoints(admin).catch(() => null);
      const state = await runState(admin).catch(() => null);
      if (points !== null) samples.push(points);
      if (!liveShot && points > 5 && points < EPOCHS - 5) {
        liveShot = true;
        await screenshot(admin, 'training-run-live');
      }
      if (state === 'SUCCEEDED' || state === 'FAILED' || state === 'CANCELLED') break;
      assert.ok(Date.now() < deadline, `the run did not end within 90 s (state ${state}, points ${points})`);
      await admin.waitForTimeout(50);
    }
    assert.equal(await runState(admin), 'SUCCEEDED', await admin.locator('.run-header .job-counts').innerText());
    const intermediate = new Set(samples.filter((n) => n > 0 && n < EPOCHS));
    assert.ok(intermediate.size >= 3, `the chart should grow point by point; saw ${[...new Set(samples)].join(', ')}`);
    for (let i = 1; i < samples.length; i++) assert.ok(samples[i] >= samples[i - 1], `the points went back: ${samples}`);

    // The connection was cut mid-run; the chart still has every epoch, each once.
    assert.equal(socket.dropped, true, `the subscription sent ${socket.events} events`);
    assert.ok(socket.connections >= 2, 'graphql-ws reconnected');
    assert.ok(socket.subscribes.length >= 2, `subscribed again: ${JSON.stringify(socket.subscribes)}`);
    assert.equal(await plottedPoints(admin), EPOCHS);
    await admin.getByText('The numbers', { exact: true }).click();
    const steps = await admin.getByRole('table', { name: 'Metric points' }).locator('tbody th').allInnerTexts();
    assert.deepEqual(steps, Array.from({ length: EPOCHS }, (_, i) => `${i + 1} / ${EPOCHS}`));
    assert.equal(await admin.locator('.run-chart svg .recharts-line').count(), 3); // loss, accuracy, macro F1

    // Results and lineage, read again once the run ended.
    const results = admin.getByRole('region', { name: 'Results' });
    await results.waitFor();
    assert.match(await results.getByTestId('final-accuracy').innerText(), /^\d+\.\d %$/);
    assert.equal(await results.getByRole('table', { name: 'Per label' }).locator('tbody tr').count(), 6);
    assert.equal(await results.getByRole('table', { name: 'Confusion matrix' }).locator('tbody td').count(), 36);
    const lineage = admin.getByRole('region', { name: 'Lineage' });
    const model = (await lineage.getByTestId('model-version').innerText()).trim();
    const match = /^fortunes version (\d+)$/.exec(model);
    assert.ok(match, `model version shown: ${model}`);
    version = match[1];
    assert.match(await lineage.getByTestId('lineage-items').innerText(), /^\d+$/);
    const logLines = await admin.getByRole('list', { name: 'Log lines' }).locator('li').allInnerTexts();
    assert.ok(logLines.some((line) => /STATE SUCCEEDED: model fortunes version \d+/.test(line)), logLines.join('\n'));
    await admin.getByRole('button', { name: 'Cancel training' }).waitFor({ state: 'detached' });
    await screenshot(admin, 'training-run-succeeded');
    await admin.unrouteAll({ behavior: 'ignoreErrors' });
  });

  it('the MLflow run id opens MLflow (ADMIN) on that run', async () => {
    const link = admin.getByRole('region', { name: 'Lineage' }).getByRole('link', { name: /opens MLflow/ });
    const href = await link.getAttribute('href');
    assert.match(href, /^\/mlflow\/#\/experiments\/\d+\/runs\/[0-9a-f]{32}$/);
    const [tab] = await Promise.all([admin.waitForEvent('popup'), link.click()]);
    await tab.waitForURL((url) => url.pathname.startsWith('/mlflow/'), { timeout: 15_000 });
    const response = await tab.request.get('/mlflow/'); // with the cookie POST /auth/mlflow-session set
    assert.equal(response.status(), 200);
    // MLflow's own pages load: the run page, then the experiment's runs, without an error banner or a failed call
    // (its UI once failed on every POST /mlflow/graphql: the app's environment had an MLflow without its graphene)
    const [, experimentId, mlflowRunId] = /experiments\/(\d+)\/runs\/([0-9a-f]{32})$/.exec(href);
    const failed = [];
    tab.on('response', (r) => {
      if (new URL(r.url()).pathname.startsWith('/mlflow/') && r.status() >= 500) failed.push(`${r.status()} ${r.url()}`);
    });
    await tab.reload();
    await tab.getByText(mlflowRunId).first().waitFor({ timeout: 30_000 }); // "About this run"
    await tab.getByText(/^Parameters \(\d+\)$/).first().waitFor(); // the run's details, loaded
    await assertNoMlflowError(tab, failed);
    await tab.goto(`/mlflow/#/experiments/${experimentId}/runs`);
    await tab.getByText(`tfidf_sgd-${runId.slice(-6)}`).first().waitFor({ timeout: 30_000 }); // MLflow's run name
    await assertNoMlflowError(tab, failed);
    await screenshot(tab, 'mlflow-experiment');
    await tab.close();
  });

  it('the runs list shows the run; the comparison puts it beside a second run', async () => {
    // A second, quick run through the API, to compare with.
    const { token } = await storedSession(admin);
    const started = (await graphql(token, START_NB, { datasetId: DATASET })).data.startTraining;
    assert.equal(started.__typename, 'TrainingRunSuccess', started.message);
    const otherId = started.run.id;
    for (let i = 0; ; i++) {
      const { state, message } = (await graphql(token, RUN_STATE, { id: otherId })).data.trainingRun;
      if (state === 'SUCCEEDED') break;
      assert.ok(!['FAILED', 'CANCELLED'].includes(state) && i < 120, `${state}: ${message}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }

    await admin.getByRole('link', { name: '← All training runs' }).click();
    await admin.waitForURL(`**/datasets/${DATASET}/training`);
    const row = admin.locator(`table.runs tr[data-run-id="${runId}"]`);
    await row.waitFor();
    assert.equal(await row.getAttribute('data-state'), 'SUCCEEDED');
    const cells = await row.locator('td').allInnerTexts();
    assert.deepEqual(cells.slice(1, 3), ['SUCCEEDED', 'TF-IDF + SGD']);
    assert.equal(cells[5], version);
    assert.equal(cells[6], 'admin');
    await admin.locator(`table.runs tr[data-run-id="${otherId}"]`).waitFor();
    await admin.mouse.move(0, 0);
    await screenshot(admin, 'training-runs');

    await row.getByRole('checkbox').check();
    await admin.getByRole('checkbox', { name: `Compare ${otherId}` }).check();
    await admin.getByRole('button', { name: 'Compare 2 runs' }).click();
    await admin.waitForURL('**/training/compare?ids=*');
    assert.equal(new URL(admin.url()).searchParams.get('ids'), `${runId},${otherId}`);
    const chart = admin.getByRole('figure', { name: 'Macro F1 by step, one line per run' });
    assert.equal(await chart.getAttribute('data-lines'), '2');
    assert.equal(await chart.getAttribute('data-points'), String(EPOCHS + 1)); // 60 epochs + the one fit
    await chart.locator('svg .recharts-line').first().waitFor();
    await admin.mouse.move(0, 0);
    const differs = async (name) =>
      admin.getByRole('table', { name: 'Runs side by side' }).locator('tr', { has: admin.getByRole('rowheader', { name, exact: true }) }).getAttribute('data-differs');
    assert.equal(await differs('Model type (differs)'), 'true');
    assert.equal(await differs('Dataset'), 'false');
    await screenshot(admin, 'training-compare');
    assert.deepEqual(admin.pageErrors, []);
  });

  it('USER sees the form with Start training disabled and the reason, and reads the run', async () => {
    const user = await newPage(browser);
    await user.goto(`/datasets/${DATASET}/train`);
    await user.waitForURL('**/login');
    await logIn(user, 'user', 'user');
    await user.waitForURL(`**/datasets/${DATASET}/train`);
    const form = user.getByRole('form', { name: 'Train a model' });
    const start = form.getByRole('button', { name: 'Start training' });
    await start.waitFor();
    assert.equal(await start.isDisabled(), true);
    assert.match(await start.getAttribute('title'), /requires the permission 'train_model'/i);
    assert.match(await form.locator('.gated .reason').innerText(), /requires the permission 'train_model'/i);
    assert.equal(await form.getByLabel('Model type').isDisabled(), true);
    assert.equal(await form.getByLabel('Full-text query').isDisabled(), true);
    await screenshot(user, 'training-user-form');

    await user.goto(`/datasets/${DATASET}/training/${runId}`);
    await user.getByRole('region', { name: 'Results' }).waitFor();
    assert.equal(await plottedPoints(user), EPOCHS);
    assert.equal(await runState(user), 'SUCCEEDED');
    const lineage = user.getByRole('region', { name: 'Lineage' });
    assert.equal(await lineage.getByRole('link', { name: /opens MLflow/ }).count(), 0);
    assert.match(await lineage.getByTestId('mlflow-run-id').innerText(), /^[0-9a-f]{32}$/);
    await screenshot(user, 'training-user-run');
    assert.deepEqual(user.pageErrors, []);
  });
});
