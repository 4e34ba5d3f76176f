// A USER sees no admin controls, and creates, uses and revokes an API token. 1 login.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { graphql, launchBrowser, logIn, newPage, screenshot, uniqueName } from './helpers.mjs';

const WHO = '{ viewer { authMethod user { username } } }';

describe('USER: no admin controls; API tokens', () => {
  let browser;
  let page;

  before(async () => {
    browser = await launchBrowser();
    page = await newPage(browser);
  });
  after(async () => {
    await browser?.close();
  });

  it('USER opening /users directly sees the permission message, and no Users navigation', async () => {
    await page.goto('/users');
    await page.waitForURL('**/login');
    await logIn(page, 'user', 'user');
    await page.waitForURL('**/users');
    await page.getByRole('heading', { name: 'You need permission MANAGE_USERS' }).waitFor();
    await page.getByText(/which role ADMIN has and your role USER does not/).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Create user' }).count(), 0);
    const nav = page.getByRole('navigation', { name: 'Main' });
    assert.deepEqual(await nav.getByRole('link').allInnerTexts(), ['Home', 'Datasets', 'Training', 'Models', 'Account']);
    await screenshot(page, 'users-forbidden');
  });

  it('USER sees admin-only controls disabled, with the reason', async () => {
    await page.getByRole('link', { name: 'Back to Home' }).click();
    await page.getByRole('heading', { name: 'Welcome, user' }).waitFor();
    const manage = page.getByRole('button', { name: 'Manage users' });
    assert.equal(await manage.isDisabled(), true);
    assert.match(await manage.getAttribute('title'), /requires the permission 'manage_users'/i);
    await page.locator('.status-UP, .status-DOWN').first().waitFor();
    await screenshot(page, 'home-user');
  });

  it('USER creates an API token, sees it once, and revokes it', async () => {
    const name = uniqueName('e2e token');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Account' }).click();
    const tokens = page.getByRole('region', { name: 'API tokens' });
    await tokens.getByLabel('Token name').fill(name);
    await tokens.getByRole('button', { name: 'Create token' }).click();
    const secret = (await tokens.getByTestId('new-token-secret').innerText()).trim();
    assert.match(secret, /^llp_/);
    await tokens.getByRole('button', { name: 'Copy token' }).waitFor();
    await screenshot(page, 'api-token-created');

    const asToken = await graphql(secret, WHO);
    assert.deepEqual(asToken.data?.viewer, { authMethod: 'API_TOKEN', user: { username: 'user' } });

    await tokens.getByRole('button', { name: 'Done, I saved it' }).click();
    await tokens.getByTestId('new-token-secret').waitFor({ state: 'detached' });
    await page.reload();
    const row = page.getByRole('row', { name: `API token ${name}` });
    await row.getByText('Active').waitFor();
    assert.equal((await page.content()).includes(secret), false, 'the secret is not shown again');

    await row.getByRole('button', { name: 'Revoke' }).click();
    await row.getByRole('button', { name: 'Yes, revoke' }).click();
    await row.getByText(/^Revoked/).waitFor();
    await screenshot(page, 'api-token-revoked');

    const afterRevoke = await graphql(secret, WHO);
    assert.equal(afterRevoke.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED');
    assert.deepEqual(page.pageErrors, []);
  });
});
