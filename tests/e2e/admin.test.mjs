// ADMIN manages a new user; that user logs in, changes password, logs out, is disabled. 3 logins in all.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { findUser, graphql, launchBrowser, logIn, newPage, screenshot, storedSession, uniqueName } from './helpers.mjs';

/** The row of `username` in the Users list, paging forward until it shows up. */
async function findUserRow(page, username) {
  const list = page.getByRole('region', { name: 'All users' });
  for (let pageNo = 1; pageNo <= 50; pageNo++) {
    await page.locator('section[aria-busy="false"]').filter({ has: page.getByRole('heading', { name: 'All users' }) }).waitFor();
    await list.getByRole('table').waitFor();
    const row = list.locator(`tr[data-username="${username}"]`);
    if (await row.count()) return row;
    const next = list.getByRole('button', { name: 'Next page →' });
    if (await next.isDisabled()) break;
    await next.click();
    await list.getByText(`Page ${pageNo + 1}`, { exact: true }).waitFor();
  }
  throw new Error(`user ${username} is not in the list`);
}

async function changeRole(page, username, role) {
  const editor = page.getByRole('group', { name: `Manage ${username}` });
  await editor.getByLabel(`Role of ${username}`).selectOption(role);
  await editor.getByRole('button', { name: 'Change role' }).click();
  await editor.getByRole('status').filter({ hasText: `${username} is now ${role}.` }).waitFor();
  await page.locator(`tr[data-username="${username}"] .badge-${role}`).waitFor();
}

describe('ADMIN manages users; the new user changes password and logs out', () => {
  const username = uniqueName();
  const firstPassword = `first-${username}`;
  const secondPassword = `second-${username}`;
  let browser;
  let admin;
  let newcomer;

  before(async () => {
    browser = await launchBrowser();
    admin = await newPage(browser);
  });
  after(async () => {
    await browser?.close();
  });

  it('ADMIN logs in and sees Users', async () => {
    await admin.goto('/');
    await admin.waitForURL('**/login');
    await admin.getByRole('heading', { name: 'Log in' }).waitFor();
    await screenshot(admin, 'login');
    await logIn(admin, 'admin', 'admin');
    await admin.getByRole('heading', { name: 'Welcome, admin' }).waitFor();
    await admin.locator('.status-UP, .status-DOWN').first().waitFor(); // health answered
    await screenshot(admin, 'home-admin');

    await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
    await admin.getByRole('heading', { name: 'Users', exact: true }).waitFor();
    await admin.getByRole('region', { name: 'All users' }).getByRole('table').waitFor();
    await screenshot(admin, 'users');
  });

  it('creates a user with a unique name', async () => {
    const form = admin.getByRole('region', { name: 'Create a user' });
    await form.getByLabel('Username').fill(username);
    await form.getByLabel('Initial password').fill(firstPassword);
    await form.getByLabel('Role').selectOption('USER');
    await form.getByRole('button', { name: 'Create user' }).click();
    await form.getByRole('status').filter({ hasText: `Created ${username} with role USER.` }).waitFor();
  });

  it('gives it role ADMIN, then back to USER', async () => {
    const row = await findUserRow(admin, username);
    await row.getByRole('button', { name: `Manage ${username}` }).click();
    await changeRole(admin, username, 'ADMIN');
    await screenshot(admin, 'users-manage');
    await changeRole(admin, username, 'USER');

    const { token } = await storedSession(admin);
    const stored = await findUser(token, username); // among thousands of accounts left by earlier runs
    assert.equal(stored?.role, 'USER');
  });

  it('the new user logs in, lands on the page they asked for, and changes password', async () => {
    newcomer = await newPage(browser);
    await newcomer.goto('/account');
    await newcomer.waitForURL('**/login');
    await logIn(newcomer, username, firstPassword);
    await newcomer.waitForURL('**/account');
    await newcomer.getByRole('heading', { name: 'Account', exact: true }).waitFor();

    const form = newcomer.getByRole('region', { name: 'Change password' });
    await form.getByLabel('Current password').fill(firstPassword);
    await form.getByLabel('New password', { exact: true }).fill(secondPassword);
    await form.getByLabel('New password, again').fill(secondPassword);
    await form.getByRole('button', { name: 'Change password' }).click();
    await form.getByRole('status').filter({ hasText: 'Password changed.' }).waitFor();
    await screenshot(newcomer, 'account-password-changed');
  });

  it('logout returns to /login and the old token no longer works', async () => {
    const before = await storedSession(newcomer);
    assert.ok(before?.token, 'a session is stored before logout');

    await newcomer.getByRole('button', { name: 'Log out' }).click();
    await newcomer.waitForURL('**/login');
    await newcomer.getByText('You have logged out.').waitFor();
    assert.equal(await storedSession(newcomer), null);
    await screenshot(newcomer, 'logged-out');

    await newcomer.reload();
    await newcomer.getByRole('heading', { name: 'Log in' }).waitFor();
    assert.match(newcomer.url(), /\/login$/);

    const answer = await graphql(before.token, '{ viewer { user { username } } }');
    assert.equal(answer.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED');

    // Even a copy of the old token that survived in the tab gets the viewer sent back to /login.
    await newcomer.evaluate((s) => sessionStorage.setItem('labelloop.session', JSON.stringify(s)), before);
    await newcomer.goto('/account');
    await newcomer.waitForURL('**/login');
    await newcomer.getByText(/Your session ended: this access token was revoked/).waitFor();
  });

  it('the new password works', async () => {
    await logIn(newcomer, username, secondPassword);
    await newcomer.getByRole('heading', { name: 'Account', exact: true }).waitFor();
  });

  it('ADMIN disables the new user, whose open session then ends', async () => {
    const editor = admin.getByRole('group', { name: `Manage ${username}` });
    await editor.getByRole('button', { name: 'Disable account' }).click();
    await editor.getByRole('status').filter({ hasText: `${username} is disabled` }).waitFor();
    await admin.locator(`tr[data-username="${username}"]`).getByText('Disabled').waitFor();

    await newcomer.reload();
    await newcomer.waitForURL('**/login');
    await newcomer.getByText('Your session ended: this account is disabled.').waitFor();
    assert.deepEqual([...admin.pageErrors, ...newcomer.pageErrors], []);
  });
});
