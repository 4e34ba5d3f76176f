import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { UNAUTHENTICATED_ERROR, viewerFixture } from '../test/fixtures';
import { IN_HALF_AN_HOUR, renderApp, type Answer } from '../test/renderApp';

describe('an UNAUTHENTICATED answer ends the session', () => {
  it('sends the viewer to /login with the reason, then back to the page they wanted', async () => {
    let revoked = true;
    const { session, router } = renderApp('/account?tab=tokens', (name): Answer => {
      if (name === 'Viewer') {
        return revoked ? { data: null, errors: [UNAUTHENTICATED_ERROR] } : { data: { viewer: viewerFixture('USER') } };
      }
      if (name === 'Login') {
        revoked = false;
        return { data: { login: { __typename: 'LoginSuccess', accessToken: 'new', expiresAt: IN_HALF_AN_HOUR() } } };
      }
      throw new Error(`unexpected ${name}`);
    });

    expect(await screen.findByRole('heading', { name: 'Log in' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/login');
    expect(screen.getByRole('status')).toHaveTextContent(
      'Your session ended: the access token has expired: log in again.',
    );
    expect(session.getSnapshot().token).toBeNull();
    expect(window.sessionStorage.getItem('labelloop.session')).toBeNull();

    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Username'), 'user');
    await user.type(screen.getByLabelText('Password'), 'user');
    await user.click(screen.getByRole('button', { name: 'Log in' }));
    expect(await screen.findByRole('heading', { name: 'Account' })).toBeInTheDocument();
    expect(router.state.location.pathname + router.state.location.search).toBe('/account?tab=tokens');
  });

  it('also when a mutation is refused later (the client exchange ends the session)', async () => {
    const { router } = renderApp('/account', (name): Answer => {
      if (name === 'Viewer') return { data: { viewer: viewerFixture('USER') } };
      if (name === 'CreateApiToken') return { data: null, errors: [UNAUTHENTICATED_ERROR] };
      throw new Error(`unexpected ${name}`);
    });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Token name'), 'notebook');
    await user.click(screen.getByRole('button', { name: 'Create token' }));
    expect(await screen.findByRole('heading', { name: 'Log in' })).toBeInTheDocument();
    expect(router.state.location.state).toEqual({ from: { pathname: '/account', search: '', hash: '' } });
  });

  it('a network error goes to the app-wide toast, not to /login', async () => {
    const { router, session } = renderApp('/', (name): Answer => {
      if (name === 'Viewer') return { data: { viewer: viewerFixture('USER') } };
      if (name === 'Health') return { networkError: new Error('Failed to fetch') };
      throw new Error(`unexpected ${name}`);
    });
    const notifications = await screen.findByRole('region', { name: 'Notifications' });
    expect(await within(notifications).findByRole('log')).toHaveTextContent('Cannot reach the API: Failed to fetch');
    expect(within(notifications).getByRole('log')).toHaveAttribute('aria-live', 'polite');
    expect(router.state.location.pathname).toBe('/');
    expect(session.getSnapshot().token).not.toBeNull();
  });
});
