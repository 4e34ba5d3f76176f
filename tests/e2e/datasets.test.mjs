// ADMIN creates a dataset, imports a file with bad lines, searches and exports; USER sees it read-only. 2 logins.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { launchBrowser, logIn, newPage, screenshot, uniqueName } from './helpers.mjs';

const LABELS = [
  { name: 'pos', hotkey: '1' },
  { name: 'neg', hotkey: '2' },
  { name: 'neutral', hotkey: '3' },
];

/** 12 good lines (3 mention "battery", 4 come from "web", 5 are gold "pos"), a broken line 5, an unknown label on 14. */
function reviewsJsonl() {
  const items = [
    ['r01', 'The battery lasts two days', 'web', 'pos'],
    ['r02', 'Screen is bright and sharp', 'web', null],
    ['r03', 'Battery died after a week', 'web', 'neg'],
    ['r04', 'Great value for the price', 'web', 'pos'],
    ['r05', 'Slow shipping but works', 'app', null],
    ['r06', 'The battery charges quickly', 'app', 'pos'],
    ['r07', 'Terrible customer service', 'app', 'neg'],
    ['r08', 'Camera takes great photos', 'app', 'pos'],
    ['r09', 'Sound is tinny', 'app', null],
    ['r10', 'Would buy again', 'app', 'pos'],
    ['r11', 'Screen cracked on arrival', 'app', 'neg'],
    ['r12', 'Fits in my pocket', 'app', null],
  ].map(([id, text, source, label]) => JSON.stringify({ id, text, ...(label ? { label } : {}), metadata: { source } }));
  const lines = [...items.slice(0, 4), '{"id": "r99", "text": "broken', ...items.slice(4)];
  lines.push(JSON.stringify({ id: 'r13', text: 'Mixed feelings', label: 'unknown' }));
  return `${lines.join('\n')}\n`;
}

async function total(page) {
  return (await page.getByTestId('total').innerText()).trim();
}

/** Waits until the search shows `expected` ("12 results") and has finished loading. */
async function waitForTotal(page, expected) {
  await page.getByTestId('total').filter({ hasText: new RegExp(`^${expected}$`) }).waitFor();
  await page.locator('.search-main[aria-busy="false"]').waitFor();
}

function facet(page, group, value) {
  return page.getByRole('complementary', { name: 'Filters' }).getByRole('region', { name: group, exact: true })
    .locator(`button[data-value="${value}"]`);
}

describe('Datasets: ADMIN creates, imports, searches and exports; USER reads', () => {
  const name = uniqueName('e2e-ds');
  let browser;
  let admin;

  before(async () => {
    browser = await launchBrowser();
    admin = await newPage(browser);
  });
  after(async () => {
    await browser?.close();
  });

  it('ADMIN creates a dataset with 3 labels and hotkeys', async () => {
    await admin.goto('/datasets');
    await admin.waitForURL('**/login');
    await logIn(admin, 'admin', 'admin');
    await admin.waitForURL('**/datasets');
    await admin.getByRole('heading', { name: 'Datasets', exact: true }).waitFor();
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
    await screenshot(admin, 'datasets-create');
    await form.getByRole('button', { name: 'Create dataset' }).click();
    await admin.waitForURL(`**/datasets/${name}`);
    await admin.getByRole('heading', { name, level: 1 }).waitFor();
    const details = admin.getByRole('region', { name: 'Details' });
    // the hotkey is named for screen readers ("hotkey 1"), and shown as the key alone
    assert.deepEqual(await details.getByRole('list', { name: 'Labels' }).getByRole('listitem').allTextContents(), [
      'pos hotkey 1',
      'neg hotkey 2',
      'neutral hotkey 3',
    ]);
    assert.equal((await details.getByTestId('item-count').innerText()).trim(), '0');
  });

  it('ADMIN imports a JSONL file: the progress reaches the end, the 2 bad lines are listed', async () => {
    const panel = admin.getByRole('region', { name: 'Import items' });
    await panel.getByLabel('File').setInputFiles({
      name: 'reviews.jsonl',
      mimeType: 'application/x-ndjson',
      buffer: Buffer.from(reviewsJsonl()),
    });
    await panel.getByRole('button', { name: 'Import' }).click();
    const job = panel.locator('.job[data-state="SUCCEEDED"]');
    await job.waitFor({ timeout: 30_000 });
    const bar = job.getByRole('progressbar', { name: 'Import progress' });
    assert.equal(await bar.getAttribute('value'), '14');
    assert.equal(await bar.getAttribute('max'), '14');
    assert.match(await job.locator('.job-counts').innerText(), /14 of 14 lines — 12 items stored, 2 lines skipped/i);
    const rows = job.getByRole('table').locator('tbody tr');
    assert.deepEqual(await rows.locator('td:first-child').allInnerTexts(), ['5', '14']);
    assert.match(await rows.nth(0).innerText(), /not valid JSON/i);
    assert.match(await rows.nth(1).innerText(), /label 'unknown' is not in dataset/i);
    await admin.getByTestId('item-count').filter({ hasText: /^12$/ }).waitFor();
    await admin.locator('figure[aria-label="Items per status"] svg').first().waitFor();
    await admin.getByRole('region', { name: 'Jobs' }).getByText('12 items stored, 2 lines skipped').first().waitFor();
    await screenshot(admin, 'datasets-import');
  });

  it('search: 12 in all, a query narrows with <mark> highlights, facets give exact counts, the URL keeps them', async () => {
    await admin.getByRole('navigation', { name: 'Dataset' }).getByRole('link', { name: 'Search' }).click();
    await waitForTotal(admin, '12 results');
    await admin.getByRole('searchbox').fill('battery');
    await waitForTotal(admin, '3 results');
    const marks = await admin.locator('.hits mark').allInnerTexts();
    assert.ok(marks.length >= 3, `expected highlights, got ${marks}`);
    assert.ok(marks.every((mark) => mark.toLowerCase() === 'battery'), `unexpected marks ${marks}`);
    assert.equal(new URL(admin.url()).searchParams.get('q'), 'battery');
    await screenshot(admin, 'datasets-search-query');

    await admin.getByRole('searchbox').fill('');
    await waitForTotal(admin, '12 results');
    await facet(admin, 'source', 'web').click();
    await waitForTotal(admin, '4 results');
    await facet(admin, 'Gold label', 'pos').click();
    await waitForTotal(admin, '2 results');
    assert.deepEqual(
      (await admin.locator('.hits .hit-id').allInnerTexts()).sort(),
      ['r01', 'r04'],
    );
    assert.equal(await facet(admin, 'source', 'web').getAttribute('aria-pressed'), 'true');
    const url = new URL(admin.url());
    assert.deepEqual(url.searchParams.getAll('m.source'), ['web']);
    assert.deepEqual(url.searchParams.getAll('gold'), ['pos']);

    await admin.reload(); // the search is in the URL: a reload (or a shared link) shows the same results
    await waitForTotal(admin, '2 results');
    await facet(admin, 'Gold label', 'pos').click();
    await waitForTotal(admin, '4 results');
    await screenshot(admin, 'datasets-search-facets');
    assert.equal(await total(admin), '4 results');
  });

  it('"Export these results" downloads the matching items', async () => {
    const exporter = admin.getByRole('region', { name: 'Export these results' });
    await exporter.getByLabel('Export format').selectOption('CSV');
    const download = admin.waitForEvent('download', { timeout: 30_000 });
    await exporter.getByRole('button', { name: 'Export these results' }).click();
    const file = await download;
    assert.match(file.suggestedFilename(), /\.csv$/);
    const rows = (await readFile(await file.path(), 'utf8')).trim().split(/\r?\n/); // Python's csv ends lines with CRLF
    assert.equal(rows[0], 'id,text,features,metadata,status,gold_label,gold_label_comment,annotations,suggestion');
    assert.deepEqual(rows.slice(1).map((row) => row.split(',')[0]).sort(), ['r01', 'r02', 'r03', 'r04']);
    await exporter.getByRole('status').filter({ hasText: /Downloaded .*\.csv/ }).waitFor();
  });

  it('opens an item from the results, and returns to the same search', async () => {
    await admin.getByRole('link', { name: 'r02', exact: true }).click();
    await admin.getByRole('heading', { name: 'Item r02' }).waitFor();
    await admin.getByText('Screen is bright and sharp').waitFor();
    await screenshot(admin, 'datasets-item');
    await admin.getByRole('link', { name: '← Back to the search' }).click();
    await waitForTotal(admin, '4 results'); // the same search as before (source = web)
  });

  it('USER sees the dataset and searches it; create and import are disabled with the reason', async () => {
    const user = await newPage(browser);
    await user.goto('/datasets');
    await user.waitForURL('**/login');
    await logIn(user, 'user', 'user');
    await user.waitForURL('**/datasets');
    await user.getByRole('heading', { name: 'Datasets', exact: true }).waitFor();
    const create = user.getByRole('button', { name: 'New dataset' });
    assert.equal(await create.isDisabled(), true);
    assert.match(await create.getAttribute('title'), /requires the permission 'manage_datasets'/i);
    await user.getByLabel('Filter by name').fill(name);
    await user.getByRole('link', { name, exact: true }).click();
    await user.getByRole('heading', { name, level: 1 }).waitFor();
    const panel = user.getByRole('region', { name: 'Import items' });
    const importButton = panel.getByRole('button', { name: 'Import' });
    assert.equal(await importButton.isDisabled(), true);
    assert.match(await panel.locator('.gated .reason').innerText(), /requires the permission 'manage_datasets'/i);
    assert.equal(await panel.getByLabel('File').isDisabled(), true);
    assert.equal(await user.getByRole('button', { name: 'Edit labels and settings' }).isDisabled(), true);
    await user.locator('figure[aria-label="Items per status"] svg').first().waitFor();
    await user.getByRole('region', { name: 'Jobs' }).getByText(/No jobs yet|Import/).first().waitFor();
    await screenshot(user, 'datasets-user');

    await user.getByRole('navigation', { name: 'Dataset' }).getByRole('link', { name: 'Search' }).click();
    await waitForTotal(user, '12 results');
    assert.deepEqual(user.pageErrors, []);
  });

  it('ADMIN archives the dataset: it becomes read-only', async () => {
    await admin.getByRole('navigation', { name: 'Dataset' }).getByRole('link', { name: 'Overview' }).click();
    await admin.getByRole('button', { name: 'Archive dataset' }).click();
    await admin.getByRole('button', { name: 'Restore dataset' }).waitFor();
    const panel = admin.getByRole('region', { name: 'Import items' });
    assert.match(await panel.locator('.gated .reason').innerText(), /the dataset is archived: restore it first/i);
    assert.deepEqual(admin.pageErrors, []);
  });
});
