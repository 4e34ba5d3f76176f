// The SPA and the MLflow UI run under Nginx's Content-Security-Policy: Chromium reports no violation while an ADMIN
// walks every page of the SPA (charts included) and opens MLflow. 1 login.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launchBrowser, logIn, newPage, screenshot, storedSession } from './helpers.mjs';

const PAGES = ['Datasets', 'Training', 'Models', 'Account', 'Users'];
const DATASET_TABS = ['Overview', 'Search', 'Annotate', 'Review', 'Agreement', 'Training'];

describe('Content-Security-Policy', () => {
  let browser;
  let admin;

  before(async () => {
    browser = await launchBrowser();
    admin = await newPage(browser);
  });
  after(async () => {
    await browser?.close();
  });

  it('the SPA runs with no CSP violation on any page', async () => {
    // given the SPA, served with Nginx's strict policy
    const response = await admin.goto('/login');
    const policy = response.headers()['content-security-policy'];
    assert.match(policy, /script-src 'self';/);
    assert.doesNotMatch(policy, /unsafe-inline|unsafe-eval/);
    // when an ADMIN logs in and opens every page of the main navigation
    await logIn(admin, 'admin', 'admin');
    await admin.getByRole('heading', { name: 'Welcome, admin' }).waitFor();
    const nav = admin.getByRole('navigation', { name: 'Main' });
    for (const name of PAGES) {
      await nav.getByRole('link', { name, exact: true }).click();
      await admin.waitForLoadState('networkidle');
    }
    // and every tab of a dataset (charts included)
    await admin.goto('/datasets/fortunes');
    const tabs = admin.getByRole('navigation', { name: 'Dataset' });
    for (const name of DATASET_TABS) {
      await tabs.getByRole('link', { name, exact: true }).click();
      await admin.waitForLoadState('networkidle');
    }
    await screenshot(admin, 'csp-dataset');
    // then the pages rendered, and Chromium reported neither a CSP violation nor a page error
    assert.deepEqual(admin.cspViolations, []);
    assert.deepEqual(admin.pageErrors.map(String), []);
  });

  it('the MLflow UI loads under its own policy with no CSP violation', async () => {
    // given the ADMIN's MLflow session cookie (what the SPA's "open MLflow" links set)
    const { token } = await storedSession(admin);
    const session = await admin.request.post('/auth/mlflow-session', { headers: { authorization: `Bearer ${token}` } });
    assert.equal(session.status(), 204);
    // when MLflow's UI is opened
    const mlflow = await newPage(browser);
    await mlflow.context().addCookies(await admin.context().cookies());
    const response = await mlflow.goto('/mlflow/');
    // then it is served with the MLflow policy, renders its experiments page, and nothing was blocked
    assert.equal(response.status(), 200);
    assert.match(response.headers()['content-security-policy'], /frame-ancestors 'self'/);
    await mlflow.getByText(/Experiments/i).first().waitFor({ timeout: 30_000 });
    await mlflow.waitForTimeout(3000); // MLflow keeps polling (never network-idle): give its lazy chunks time
    await screenshot(mlflow, 'csp-mlflow');
    assert.deepEqual(mlflow.cspViolations, []);
  });
});
