import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { viewerFixture } from '../test/fixtures';
import { renderApp, type Answer } from '../test/renderApp';

const node = (id: string, username: string, role = 'USER') => ({
  __typename: 'User',
  id,
  username,
  role,
  disabled: false,
  createdAt: '2026-01-01T00:00:00+00:00',
});

function api(mutations: Record<string, unknown> = {}, seen: Record<string, unknown>[] = []) {
  return (name: string, variables: Record<string, unknown>): Answer => {
    if (name === 'Viewer') return { data: { viewer: viewerFixture('ADMIN') } };
    if (name === 'Users') {
      seen.push(variables);
      const page = variables.after ? [node('u3', 'zoe')] : [node('demo-admin', 'admin', 'ADMIN'), node('u2', 'bob')];
      return {
        data: {
          users: {
            __typename: 'UserConnection',
            totalCount: 3,
            pageInfo: { __typename: 'PageInfo', hasNextPage: !variables.after, endCursor: variables.after ? 'c3' : 'c2' },
            nodes: page,
          },
        },
      };
    }
    if (name in mutations) return { data: { [name.charAt(0).toLowerCase() + name.slice(1)]: mutations[name] } };
    throw new Error(`unexpected ${name}`);
  };
}

describe('Users page', () => {
  it('shows each ValidationError field error next to its field', async () => {
    renderApp(
      '/users',
      api({
        CreateUser: {
          __typename: 'ValidationError',
          message: 'invalid input in username, password: nothing was changed',
          fieldErrors: [
            { field: 'username', code: 'invalid_username', message: "'a' is not a valid username" },
            { field: 'password', code: 'invalid_password', message: 'the password has 1 characters' },
          ],
        },
      }),
    );
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Username'), 'a');
    await user.type(screen.getByLabelText('Initial password'), 'x');
    await user.click(screen.getByRole('button', { name: 'Create user' }));
    expect(await screen.findByLabelText('Username')).toHaveAccessibleDescription(
      expect.stringContaining("'a' is not a valid username"),
    );
    expect(screen.getByLabelText('Initial password')).toHaveAccessibleDescription(
      expect.stringContaining('the password has 1 characters'),
    );
    expect(screen.getByLabelText('Username')).toHaveAttribute('aria-invalid', 'true');
  });

  it('pages with the Relay cursor', async () => {
    const seen: Record<string, unknown>[] = [];
    renderApp('/users', api({}, seen));
    const user = userEvent.setup();
    expect(await screen.findByText('bob')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Next page →' }));
    expect(await screen.findByText('zoe')).toBeInTheDocument();
    expect(seen.at(-1)).toEqual({ first: 20, after: 'c2' });
    expect(screen.getByRole('button', { name: 'Next page →' })).toBeDisabled();
  });

  it("an administrator's own role and status cannot be changed here, and the controls say why", async () => {
    renderApp('/users', api());
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Manage admin' }));
    const editor = screen.getByRole('group', { name: 'Manage admin' });
    const changeRole = within(editor).getByRole('button', { name: 'Change role' });
    expect(changeRole).toBeDisabled();
    expect(changeRole).toHaveAccessibleDescription(/cannot change your own role/);
    expect(within(editor).getByRole('button', { name: 'Disable account' })).toBeDisabled();
  });

  it('shows the other UpdateUserResult members and field errors next to the right control', async () => {
    renderApp(
      '/users',
      api({
        ChangeUserRole: { __typename: 'UserNotFoundError', message: "no user has id 'u2'" },
        ResetUserPassword: {
          __typename: 'ValidationError',
          message: 'invalid input in newPassword: nothing was changed',
          fieldErrors: [{ field: 'newPassword', code: 'invalid_password', message: 'the password has 3 characters' }],
        },
      }),
    );
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Manage bob' }));
    const editor = screen.getByRole('group', { name: 'Manage bob' });
    await user.selectOptions(within(editor).getByLabelText('Role of bob'), 'ADMIN');
    await user.click(within(editor).getByRole('button', { name: 'Change role' }));
    expect(await within(editor).findByText("No user has id 'u2'.")).toBeInTheDocument();

    await user.type(within(editor).getByLabelText('New password for bob'), 'abc');
    await user.click(within(editor).getByRole('button', { name: 'Reset password' }));
    expect(await within(editor).findByLabelText('New password for bob')).toHaveAccessibleDescription(
      'the password has 3 characters',
    );
  });
});
