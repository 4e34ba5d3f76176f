// The SPA's pages and the data they need to show something, shared by the accessibility audit and the phone-width
// check: a trained, promoted fortunes model with predictions, and two labels by ADMIN.
import assert from 'node:assert/strict';
import { graphql } from './helpers.mjs';

const DATASET = 'fortunes';
const TRAINING_TIMEOUT_MS = 5 * 60_000;

export async function api(token, query, variables = {}) {
  const { data, errors } = await graphql(token, query, variables);
  if (errors) throw new Error(`GraphQL errors: ${JSON.stringify(errors)}`);
  return data;
}

/** A succeeded training run of fortunes (one is trained when there is none); returns { runId, version }. */
export async function succeededRun(token) {
  const runs = 'query { trainingRuns(datasetId: "fortunes", states: [SUCCEEDED], first: 1) { nodes { id modelVersion } } }';
  const found = (await api(token, runs)).trainingRuns.nodes[0];
  if (found?.modelVersion) return { runId: found.id, version: found.modelVersion };
  const started = await api(
    token,
    'mutation { startTraining(datasetId: "fortunes", modelType: TFIDF_MULTINOMIAL_NB) { __typename ... on TrainingRunSuccess { run { id } } ... on Error { message } } }',
  );
  assert.equal(started.startTraining.__typename, 'TrainingRunSuccess', JSON.stringify(started));
  const runId = started.startTraining.run.id;
  for (const deadline = Date.now() + TRAINING_TIMEOUT_MS; Date.now() < deadline; ) {
    const { trainingRun: run } = await api(token, 'query ($id: ID!) { trainingRun(id: $id) { state message modelVersion } }', { id: runId });
    if (run.state === 'SUCCEEDED' && run.modelVersion) return { runId, version: run.modelVersion };
    if (['FAILED', 'CANCELLED'].includes(run.state)) throw new Error(`run ${runId} ended ${run.state}: ${run.message}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error(`run ${runId} did not succeed within ${TRAINING_TIMEOUT_MS / 1000} s`);
}

/** fortunes has a production version that has answered a few predictions (for the monitoring charts). */
export async function productionWithPredictions(token, version) {
  const production = async () =>
    (await api(token, 'query { registeredModels(first: 200) { nodes { name productionVersion } } }')).registeredModels.nodes.find((m) => m.name === DATASET)?.productionVersion;
  if (!(await production())) {
    await api(token, 'mutation ($v: String!) { promoteModelVersion(name: "fortunes", version: $v, reason: "e2e: accessibility audit") { __typename } }', {
      v: version,
    });
    for (const deadline = Date.now() + 60_000; !(await production()); ) {
      if (Date.now() > deadline) throw new Error('fortunes has no production version 60 s after the promotion');
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  const inputs = ['The new laptop has a faster processor', 'The senator voted against the bill', 'I love you'];
  for (const deadline = Date.now() + 30_000; ; ) {
    const { predict } = await api(token, 'query ($inputs: [JSON!]!) { predict(model: "fortunes", inputs: $inputs) { __typename } }', { inputs });
    if (predict.__typename === 'Prediction') return;
    if (Date.now() > deadline) throw new Error(`predict still answers ${predict.__typename}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/** Two fortunes labelled by ADMIN (the agreement page's chart); returns the id of an item. */
export async function labelledItem(token) {
  const search = 'query { search(datasetId: "fortunes", first: 2, sort: NEWEST) { ... on SearchResults { nodes { itemId } } } }';
  const hits = (await api(token, search)).search.nodes;
  assert.equal(hits.length, 2, 'fortunes has items');
  for (const { itemId } of hits) {
    await api(token, 'mutation ($id: ID!) { annotateItem(itemId: $id, label: "science") { __typename } }', { id: itemId });
  }
  return hits[0].itemId;
}

/** Every page of the SPA (app/routes.tsx and models/routes.tsx), with the data set up above. */
export function pages({ runId, itemId }) {
  const dataset = `/datasets/${DATASET}`;
  return [
    '/',
    '/account',
    '/datasets',
    dataset,
    `${dataset}/search`,
    `${dataset}/items/${encodeURIComponent(itemId)}`,
    `${dataset}/annotate`,
    `${dataset}/review`,
    `${dataset}/agreement`,
    `${dataset}/train`,
    `${dataset}/training`,
    `${dataset}/training/${runId}`,
    '/training',
    `/training/compare?ids=${runId}`,
    '/models',
    `/models/${DATASET}`,
    `/models/${DATASET}/predict`,
    `/models/${DATASET}/monitoring`,
    `/models/${DATASET}/evaluation`,
    '/users',
    '/no-such-page',
  ];
}

/** Waits until the page has its heading, nothing is loading any more and its charts are drawn. */
export async function settled(page) {
  await page.locator('h1').first().waitFor();
  await page
    .waitForFunction(
      () =>
        !document.querySelector('[aria-busy="true"]') &&
        ![...document.querySelectorAll('[role="status"]')].some((s) => /^Loading/.test(s.textContent ?? '')) &&
        [...document.querySelectorAll('figure.chart')].every((f) => f.querySelector('svg.recharts-surface') || f.querySelector('p')),
      null,
      { timeout: 15_000 },
    )
    .catch(() => {}); // a live page may stay busy: audit it as it is
  await page.waitForTimeout(200);
}

/** ADMIN's data for `pages` (trains and promotes fortunes when needed): { runId, itemId }. */
export async function pageData(token) {
  const { runId, version } = await succeededRun(token);
  await productionWithPredictions(token, version);
  return { runId, itemId: await labelledItem(token) };
}
