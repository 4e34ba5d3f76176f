// Accessibility (WCAG 2.1 AA): axe-core audits every page of the SPA as USER and as ADMIN, at desktop width and
// at phone width (360 px), and fails on any violation of the WCAG 2.0/2.1 A and AA rules. Each page is also shown
// as at 200 % zoom (a 640 px wide viewport) and at 360 px with the WCAG text spacing (1.4.12): no text may be cut
// off, and nothing may stick out of the page.
// ADMIN first makes sure there is something to see: a trained, promoted fortunes model with predictions, and two
// labels by ADMIN. Then a new USER changes their keys. 4 logins (ADMIN, USER, ADMIN through the API, the new USER).
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { launchBrowser, logIn, newPage, storedSession, uniqueName } from './helpers.mjs';
import { api, pageData, pages, settled } from './pages.mjs';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 360, height: 780 };
const ZOOMED = { width: 640, height: 450 }; // a 1280 × 900 window at 200 %
// WCAG 1.4.12: content must survive these, set by the user's own style sheet.
const TEXT_SPACING = `* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }`;

/** axe-core's WCAG 2.x A/AA rules on the whole page; returns { violations, incomplete }. */
async function audit(page) {
  // evaluated through the browser's DevTools protocol, not as a <script> tag, which the SPA's CSP refuses
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(
    (tags) =>
      window.axe
        .run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations', 'incomplete'] })
        .then(({ violations, incomplete }) => {
          const brief = (results) =>
            results.map((r) => ({ id: r.id, impact: r.impact, nodes: r.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })) }));
          return { violations: brief(violations), incomplete: brief(incomplete) };
        }),
    WCAG_TAGS,
  );
}

function describeViolations(where, violations) {
  return violations
    .map((v) => `${where}: ${v.id} (${v.impact}) on ${v.nodes.length} element(s):\n${v.nodes.slice(0, 5).map((n) => `  ${n.target}\n    ${n.summary?.replace(/\n/g, '\n    ')}`).join('\n')}`)
    .join('\n');
}

/**
 * With the WCAG text spacing at 200 % zoom: elements whose text no longer fits and is cut off (overflow hidden or
 * clip), and whether the page itself became wider than the window (tables scroll in their own box, not the page).
 */
async function lostContent(page) {
  // a constructed style sheet (CSSOM): the SPA's CSP refuses an inline <style> tag, as it should
  await page.evaluate((css) => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    window.__textSpacing = sheet;
  }, TEXT_SPACING);
  await page.waitForTimeout(100);
  const found = await page.evaluate(() => {
    const clipped = [];
    for (const element of document.querySelectorAll('body *')) {
      if (!(element instanceof HTMLElement) || element.closest('.visually-hidden, svg, .recharts-wrapper')) continue;
      if (!element.offsetParent && getComputedStyle(element).position !== 'fixed') continue; // not shown
      const css = getComputedStyle(element);
      const cuts = (o) => o === 'hidden' || o === 'clip';
      if (!element.textContent?.trim()) continue;
      const cutX = cuts(css.overflowX) && element.scrollWidth > element.clientWidth + 1;
      const cutY = cuts(css.overflowY) && element.scrollHeight > element.clientHeight + 1;
      if (cutX || cutY) clipped.push(`${element.tagName.toLowerCase()}.${[...element.classList].join('.')}: "${element.textContent.trim().slice(0, 60)}"`);
    }
    const pageOverflow = document.documentElement.scrollWidth - window.innerWidth;
    return { clipped, pageOverflow };
  });
  await page.evaluate(() => {
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((sheet) => sheet !== window.__textSpacing);
  });
  return found;
}

/**
 * Audits `path` at each width, and checks text spacing at 200 % zoom; returns the problems found. Results axe
 * cannot judge ("incomplete", e.g. text over an image) do not fail the test: they are counted in `unsure`.
 */
async function checkPage(page, role, path, unsure) {
  const problems = [];
  await page.setViewportSize(DESKTOP);
  await page.goto(path);
  await settled(page);
  for (const [name, size] of [
    ['desktop', DESKTOP],
    ['360 px', PHONE],
  ]) {
    await page.setViewportSize(size);
    await settled(page);
    const { violations, incomplete } = await audit(page);
    if (violations.length > 0) problems.push(describeViolations(`${role} ${path} at ${name}`, violations));
    for (const result of incomplete) unsure.set(result.id, (unsure.get(result.id) ?? 0) + result.nodes.length);
  }
  for (const [name, size] of [
    ['200 %', ZOOMED],
    ['360 px', PHONE],
  ]) {
    await page.setViewportSize(size);
    await settled(page);
    const { clipped, pageOverflow } = await lostContent(page);
    if (clipped.length > 0) problems.push(`${role} ${path} at ${name} with text spacing cuts off text:\n  ${clipped.join('\n  ')}`);
    if (pageOverflow > 1) problems.push(`${role} ${path} at ${name} with text spacing is ${pageOverflow} px wider than the window`);
  }
  return problems;
}

describe('Accessibility: axe-core (WCAG 2.1 A and AA) on every page, both roles, desktop and phone width', () => {
  let browser;
  let data;

  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  it('the login page has no violation, logged out, at both widths', async () => {
    const page = await newPage(browser);
    const problems = [];
    await page.goto('/login');
    for (const [name, size] of [
      ['desktop', DESKTOP],
      ['360 px', PHONE],
    ]) {
      await page.setViewportSize(size);
      await page.getByRole('heading', { level: 1 }).waitFor();
      const { violations } = await audit(page);
      if (violations.length > 0) problems.push(describeViolations(`/login at ${name}`, violations));
    }
    assert.equal(problems.join('\n'), '');
    await page.context().close();
  });

  for (const [role, username] of [
    ['ADMIN', 'admin'],
    ['USER', 'user'],
  ]) {
    it(`${role}: every page, at 1280 px and 360 px, has no WCAG 2.1 A/AA violation and keeps its content with text spacing at 200 %`, async (t) => {
      const page = await newPage(browser);
      await page.goto('/login');
      await logIn(page, username, username);
      await page.getByRole('heading', { level: 1 }).waitFor();
      if (!data) {
        const token = (await storedSession(page)).token;
        assert.equal(role, 'ADMIN', 'ADMIN sets up the data');
        data = await pageData(token);
      }
      const problems = [];
      const unsure = new Map();
      for (const path of pages(data)) problems.push(...(await checkPage(page, role, path, unsure)));
      t.diagnostic(`axe could not judge: ${JSON.stringify(Object.fromEntries(unsure))}`);
      assert.equal(problems.join('\n\n'), '');
      assert.deepEqual(page.pageErrors, []);
      await page.context().close();
    });
  }

  it('a USER remaps Skip to K and turns label keys off on the Account page; the annotate page obeys at once', async () => {
    const login = await api(null, 'mutation { login(username: "admin", password: "admin") { ... on LoginSuccess { accessToken } } }');
    const username = uniqueName('keys').toLowerCase();
    const created = await api(
      login.login.accessToken,
      'mutation ($u: String!) { createUser(username: $u, password: "keys-password-1", role: USER) { __typename } }',
      { u: username },
    );
    assert.equal(created.createUser.__typename, 'UserSuccess');
    const page = await newPage(browser);
    await page.goto('/login');
    await logIn(page, username, 'keys-password-1');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Account' }).click();
    const form = page.getByRole('region', { name: 'Keyboard shortcuts' });
    await form.getByLabel('Skip', { exact: true }).fill('k');
    await form.getByLabel('Label hotkeys (each dataset sets its own)').uncheck();
    await form.getByRole('button', { name: 'Save keys' }).click();
    await form.getByRole('status').filter({ hasText: 'Keyboard shortcuts saved' }).waitFor();

    // in the app, without a reload
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Datasets' }).click();
    await page.getByRole('link', { name: 'Fortunes', exact: true }).click();
    await page.getByRole('navigation', { name: 'Dataset' }).getByRole('link', { name: 'Annotate' }).click();
    const region = page.locator('section.work-item[aria-busy="false"]');
    await region.waitFor();
    const first = await region.getAttribute('data-item-id');
    assert.ok(first);
    await page.getByRole('button', { name: 'Skip K' }).waitFor();
    const skipRow = page.locator('details.key-help dl > div').filter({ hasText: 'skip this item' });
    assert.equal(await skipRow.locator('dt [aria-hidden="true"]').innerText(), 'K');
    // the label pressed before the keys (none, or the model's suggestion pre-selected once batch scoring ran)
    const pressed = () => page.locator('.label-button[aria-pressed="true"]').allInnerTexts();
    const before = await pressed();
    await page.keyboard.press('s');
    await page.keyboard.press('1');
    await page.waitForTimeout(500);
    assert.equal(await page.locator('section.work-item').getAttribute('data-item-id'), first, 'S no longer skips');
    assert.deepEqual(await pressed(), before, 'label keys are off');
    await page.keyboard.press('k');
    await page.waitForFunction((id) => {
      const shown = document.querySelector('section.work-item');
      return shown?.getAttribute('aria-busy') === 'false' && shown.getAttribute('data-item-id') !== id;
    }, first);
    assert.deepEqual(page.pageErrors, []);
    await page.context().close();
  });
});
