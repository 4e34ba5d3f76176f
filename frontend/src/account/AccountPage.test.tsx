import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { viewerFixture } from '../test/fixtures';
import { IN_HALF_AN_HOUR, renderApp, type Answer } from '../test/renderApp';

const TOKEN = { __typename: 'ApiToken', id: 't1', name: 'notebook', createdAt: '2026-01-01T00:00:00+00:00', revokedAt: null };

function api(answers: Record<string, unknown>) {
  return (name: string): Answer => {
    if (name === 'Viewer') return { data: { viewer: viewerFixture('USER', { apiTokens: [TOKEN] }) } };
    if (name in answers) return { data: { [name.charAt(0).toLowerCase() + name.slice(1)]: answers[name] } };
    throw new Error(`unexpected ${name}`);
  };
}

describe('Account page', () => {
  it('shows a new API token once, with a copy button', async () => {
    renderApp(
      '/account',
      api({
        CreateApiToken: { __typename: 'CreateApiTokenSuccess', token: 'llp_secret', apiToken: { ...TOKEN, id: 't2', name: 'laptop' } },
      }),
    );
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Token name'), 'laptop');
    await user.click(screen.getByRole('button', { name: 'Create token' }));
    expect(await screen.findByTestId('new-token-secret')).toHaveTextContent('llp_secret');
    expect(screen.getByRole('button', { name: 'Copy token' })).toHaveFocus();
    await user.click(screen.getByRole('button', { name: 'Copy token' }));
    expect(await screen.findByText('Copied to the clipboard.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Done, I saved it' }));
    expect(screen.queryByText('llp_secret')).not.toBeInTheDocument();
  });

  it('revokes after a confirmation, and shows ApiTokenNotFoundError in the row', async () => {
    renderApp(
      '/account',
      api({ RevokeApiToken: { __typename: 'ApiTokenNotFoundError', message: "you have no API token with id 't1'" } }),
    );
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Revoke' }));
    await user.click(screen.getByRole('button', { name: 'Yes, revoke' }));
    expect(await screen.findByRole('alert')).toHaveTextContent("You have no API token with id 't1'.");
  });

  it('changeOwnPassword: WrongPasswordError next to the current password; success renews the token', async () => {
    let wrong = true;
    const { session } = renderApp('/account', (name): Answer => {
      if (name === 'ChangeOwnPassword') {
        const result = wrong
          ? { __typename: 'WrongPasswordError', message: 'the current password is wrong' }
          : { __typename: 'LoginSuccess', accessToken: 'renewed', expiresAt: IN_HALF_AN_HOUR() };
        wrong = false;
        return { data: { changeOwnPassword: result } };
      }
      return api({})(name);
    });
    const epoch = session.getSnapshot().epoch;
    const user = userEvent.setup();
    const fill = async (current: string) => {
      await user.clear(screen.getByLabelText('Current password'));
      await user.type(screen.getByLabelText('Current password'), current);
      await user.type(screen.getByLabelText('New password'), 'new-password');
      await user.type(screen.getByLabelText('New password, again'), 'new-password');
      await user.click(screen.getByRole('button', { name: 'Change password' }));
    };
    await screen.findByLabelText('Current password');
    await fill('nope');
    expect(await screen.findByLabelText('Current password')).toHaveAccessibleDescription(
      'The current password is wrong.',
    );
    await user.clear(screen.getByLabelText('New password'));
    await user.clear(screen.getByLabelText('New password, again'));
    await fill('user');
    expect(await screen.findByText(/Password changed/)).toBeInTheDocument();
    await waitFor(() => expect(session.getSnapshot()).toMatchObject({ token: 'renewed', epoch }));
  });
});
