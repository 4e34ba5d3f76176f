// Shared helpers of the end-to-end tests: Debian's Chromium, screenshots, login, direct GraphQL calls.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const BASE_URL = `http://127.0.0.1:${process.env.LABELLOOP_HTTP_PORT || 8080}`;
const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'test-artifacts', 'e2e');

/** Debian's Chromium (`apt-get install chromium`); Playwright's own browser downloads cannot work here. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** A fresh browser context (its own sessionStorage) and page; failed requests and page errors are recorded. */
export async function newPage(browser) {
  const context = await browser.newContext({ baseURL: BASE_URL, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.pageErrors = [];
  page.on('pageerror', (error) => page.pageErrors.push(error));
  page.cspViolations = []; // what Chromium reports on the console when Nginx's Content-Security-Policy blocks something
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) page.cspViolations.push(message.text());
  });
  return page;
}

/** Saves `test-artifacts/e2e/<name>.png` (repo root, git-ignored). */
export async function screenshot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/**
 * Logs in through the login form (the page must be on /login, or is sent there). The API allows 10 login
 * attempts per minute per client address, shared with anything else running on this machine: on
 * LoginRateLimitedError it waits the time the page shows, then tries again (twice at most).
 */
export async function logIn(page, username, password) {
  if (!new URL(page.url()).pathname.startsWith('/login')) await page.goto('/login');
  const form = page.locator('form.login-card');
  for (let attempt = 0; ; attempt++) {
    await form.getByLabel('Username').fill(username);
    await form.getByLabel('Password').fill(password);
    await form.getByRole('button', { name: 'Log in' }).click();
    const error = await loginOutcome(page, form);
    if (error === null) return;
    const wait = /try again in (\d+) s/i.exec(error);
    if (!wait || attempt >= 2) throw new Error(`login of ${username} failed: ${error}`);
    await page.waitForTimeout((Number(wait[1]) + 1) * 1000);
    await form.getByRole('button', { name: 'Log in' }).waitFor();
  }
}

/** null once the app left /login, else the login form's error message. */
async function loginOutcome(page, form, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!new URL(page.url()).pathname.startsWith('/login')) return null;
    const error = form.locator('.form-error');
    if (await error.count()) return error.innerText();
    await page.waitForTimeout(100);
  }
  throw new Error('the login form neither left /login nor showed an error within 15 s');
}

/** The access token the SPA keeps in this tab's sessionStorage (null when logged out). */
export async function storedSession(page) {
  return page.evaluate(() => JSON.parse(window.sessionStorage.getItem('labelloop.session') || 'null'));
}

/** One GraphQL request with a Bearer token, outside the browser. */
export async function graphql(token, query, variables = {}) {
  const response = await fetch(`${BASE_URL}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return response.json();
}

/** A name no earlier run used: e2e-<base36 time><random>. */
export function uniqueName(prefix = 'e2e') {
  return `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/** The account named `username` ({ username, role }), paging through `users` (200 a page); null if none. */
export async function findUser(token, username) {
  const query = 'query ($after: String) { users(first: 200, after: $after) { pageInfo { hasNextPage endCursor } nodes { username role } } }';
  for (let after = null; ; ) {
    const { users } = (await graphql(token, query, { after })).data;
    const found = users.nodes.find((user) => user.username === username);
    if (found) return found;
    if (!users.pageInfo.hasNextPage) return null;
    after = users.pageInfo.endCursor;
  }
}
