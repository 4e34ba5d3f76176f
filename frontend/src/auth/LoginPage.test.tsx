import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { viewerFixture } from '../test/fixtures';
import { IN_HALF_AN_HOUR, renderApp, type Answer } from '../test/renderApp';

function loginAnswering(login: Record<string, unknown>) {
  return (name: string): Answer => {
    if (name === 'Login') return { data: { login } };
    if (name === 'Viewer') return { data: { viewer: viewerFixture('USER') } };
    if (name === 'Health') return { data: null, errors: [{ message: 'not in this test' }] };
    throw new Error(`unexpected operation ${name}`);
  };
}

async function submit(username = 'user', password = 'secret') {
  const user = userEvent.setup();
  await user.type(await screen.findByLabelText('Username'), username);
  await user.type(screen.getByLabelText('Password'), password);
  await user.click(screen.getByRole('button', { name: 'Log in' }));
}

describe('LoginPage: each member of the LoginResult union', () => {
  it('LoginSuccess: keeps the token and returns to the page the viewer wanted', async () => {
    const { session, router } = renderApp(
      '/account',
      loginAnswering({ __typename: 'LoginSuccess', accessToken: 'fresh-token', expiresAt: IN_HALF_AN_HOUR() }),
      { loggedIn: false },
    );
    expect(await screen.findByRole('heading', { name: 'Log in' })).toBeInTheDocument();
    await submit();
    expect(await screen.findByRole('heading', { name: 'Account' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/account');
    expect(session.getSnapshot().token).toBe('fresh-token');
    expect(JSON.parse(window.sessionStorage.getItem('labelloop.session') ?? '{}').token).toBe('fresh-token');
  });

  it('InvalidCredentialsError: shows its message and stays on /login', async () => {
    const { session, router } = renderApp(
      '/login',
      loginAnswering({ __typename: 'InvalidCredentialsError', message: 'unknown username or wrong password' }),
      { loggedIn: false },
    );
    await submit('user', 'wrong');
    expect(await screen.findByRole('alert')).toHaveTextContent('Unknown username or wrong password.');
    expect(router.state.location.pathname).toBe('/login');
    expect(session.getSnapshot().token).toBeNull();
  });

  it('AccountDisabledError: shows its message', async () => {
    renderApp(
      '/login',
      loginAnswering({
        __typename: 'AccountDisabledError',
        message: 'this account is disabled: ask an administrator to enable it',
      }),
      { loggedIn: false },
    );
    await submit();
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'This account is disabled: ask an administrator to enable it.',
    );
  });

  it('LoginRateLimitedError: shows its message and blocks the button until the retry time', async () => {
    renderApp(
      '/login',
      loginAnswering({
        __typename: 'LoginRateLimitedError',
        message: 'too many login attempts: at most 10 per 60 s from one client; try again in 42 s',
        retryAfterSeconds: 42,
      }),
      { loggedIn: false },
    );
    await submit();
    expect(await screen.findByRole('alert')).toHaveTextContent('Too many login attempts');
    const button = screen.getByRole('button', { name: /Try again in 4[12] s/ });
    expect(button).toBeDisabled();
  });

  it('a logged-in viewer who opens /login goes home', async () => {
    renderApp('/login', loginAnswering({}));
    expect(await screen.findByRole('heading', { name: 'Welcome, user' })).toBeInTheDocument();
  });
});
