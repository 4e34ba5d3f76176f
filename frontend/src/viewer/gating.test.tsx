import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { MANAGE_USERS_REASON, viewerFixture } from '../test/fixtures';
import { renderApp, type Answer } from '../test/renderApp';
import { abilityOf } from './permissions';

const HEALTH = {
  health: { replica: 'api-1', status: 'UP', checkedAt: '2026-01-01T00:00:00+00:00', services: [] },
};

function api(role: 'USER' | 'ADMIN') {
  return (name: string): Answer => {
    if (name === 'Viewer') return { data: { viewer: viewerFixture(role) } };
    if (name === 'Health') return { data: HEALTH };
    if (name === 'Users') {
      return { data: { users: { totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] } } };
    }
    throw new Error(`unexpected ${name}`);
  };
}

describe('permission gating', () => {
  it('useCan/abilityOf reads enabled and the reason from viewer.permissions', () => {
    expect(abilityOf(viewerFixture('USER'), 'MANAGE_USERS')).toMatchObject({
      enabled: false,
      reason: MANAGE_USERS_REASON,
    });
    expect(abilityOf(viewerFixture('ADMIN'), 'MANAGE_USERS')).toMatchObject({ enabled: true, reason: null });
  });

  it('a USER does not see Users in the navigation; an ADMIN does', async () => {
    const user = renderApp('/', api('USER'));
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('link', { name: 'Home' })).toBeInTheDocument();
    expect(within(nav).getByRole('link', { name: 'Account' })).toBeInTheDocument();
    expect(within(nav).queryByRole('link', { name: 'Users' })).not.toBeInTheDocument();
    user.unmount();

    renderApp('/', api('ADMIN'));
    const adminNav = await screen.findByRole('navigation', { name: 'Main' });
    expect(within(adminNav).getByRole('link', { name: 'Users' })).toBeInTheDocument();
  });

  it('a control the viewer may not use is disabled and says why', async () => {
    renderApp('/', api('USER'));
    const button = await screen.findByRole('button', { name: 'Manage users' });
    expect(button).toBeDisabled();
    const why = "Requires the permission 'manage_users'";
    expect(button).toHaveAttribute('title', expect.stringContaining(why));
    expect(button).toHaveAccessibleDescription(expect.stringContaining(why));
    expect(screen.getByRole('button', { name: 'Change password or API tokens' })).toBeEnabled();
  });

  it('a USER opening /users directly sees which permission is missing, not the page', async () => {
    const { calls } = renderApp('/users', api('USER'));
    expect(await screen.findByRole('heading', { name: 'You need permission MANAGE_USERS' })).toBeInTheDocument();
    expect(screen.getByText(/which role ADMIN has and your role USER does not/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Create user' })).not.toBeInTheDocument();
    expect(calls).not.toContain('Users');
  });

  it('an ADMIN opening /users gets the page', async () => {
    renderApp('/users', api('ADMIN'));
    expect(await screen.findByRole('heading', { name: 'Users', level: 1 })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Create user' })).toBeEnabled();
  });
});
