// Every page is usable on a phone: at 360 × 740 (and at 420 px, where the header and the tabs used to overflow),
// as ADMIN and as USER, the document never scrolls sideways and no button, link or field sticks out of the window
// (wide tables scroll inside their own box, which is fine: the rest of the page stays put). The pages and their
// data are the accessibility audit's (pages.mjs).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launchBrowser, logIn, newPage, storedSession } from './helpers.mjs';
import { pageData, pages, settled } from './pages.mjs';

const WIDTHS = [
  { width: 360, height: 740 },
  { width: 420, height: 800 },
];

/** What does not fit: the page's sideways overflow and the controls cut off by the window's edges. */
async function misfits(page) {
  return page.evaluate(() => {
    const root = document.documentElement;
    const width = root.clientWidth;
    const found = [];
    if (root.scrollWidth > width) found.push(`the document is ${root.scrollWidth - width} px wider than the window`);
    const scrolls = (element) => {
      for (let e = element.parentElement; e && e !== document.body; e = e.parentElement) {
        const x = getComputedStyle(e).overflowX;
        if ((x === 'auto' || x === 'scroll') && e.scrollWidth > e.clientWidth) return true;
      }
      return false;
    };
    const controls = document.querySelectorAll('header a, header button, nav a, main a, main button, main input, main select, main textarea, summary');
    for (const control of controls) {
      if (control.closest('.visually-hidden, .skip-link')) continue;
      const box = control.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue; // not shown
      if ((box.right > width + 1 || box.left < -1) && !scrolls(control)) {
        const name = (control.getAttribute('aria-label') || control.textContent || control.getAttribute('name') || '').trim().slice(0, 40);
        found.push(`${control.tagName.toLowerCase()} "${name}" spans ${Math.round(box.left)}–${Math.round(box.right)} px`);
      }
    }
    return found;
  });
}

describe('Phone width: every page fits 360 px and 420 px, both roles', () => {
  let browser;
  let data;

  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  for (const [role, username] of [
    ['ADMIN', 'admin'],
    ['USER', 'user'],
  ]) {
    it(`${role}: no page scrolls sideways, no control is cut off`, async () => {
      const page = await newPage(browser);
      await page.setViewportSize(WIDTHS[0]);
      await page.goto('/login');
      await logIn(page, username, username);
      await page.getByRole('heading', { level: 1 }).waitFor();
      if (!data) {
        assert.equal(role, 'ADMIN', 'ADMIN sets up the data');
        data = await pageData((await storedSession(page)).token);
      }
      const problems = [];
      for (const path of pages(data)) {
        for (const size of WIDTHS) {
          await page.setViewportSize(size);
          await page.goto(path);
          await settled(page);
          for (const misfit of await misfits(page)) problems.push(`${path} at ${size.width} px: ${misfit}`);
        }
      }
      assert.equal(problems.join('\n'), '');
      assert.deepEqual(page.pageErrors, []);
      await page.context().close();
    });
  }
});
