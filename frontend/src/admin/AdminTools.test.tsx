import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Role } from '../graphql/schema.generated';
import { viewerFixture } from '../test/fixtures';
import { renderApp, type Answer } from '../test/renderApp';

const HEALTH = {
  __typename: 'HealthReport',
  replica: 'api-1',
  status: 'UP',
  checkedAt: '2026-01-02T03:04:05+00:00',
  services: [],
};

function api(role: Role) {
  return (name: string): Answer => {
    if (name === 'Viewer') return { data: { viewer: viewerFixture(role) } };
    if (name === 'Health') return { data: { health: HEALTH } };
    throw new Error(`unexpected ${name}`);
  };
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('Admin tools on the home page', () => {
  it('an ADMIN sees both tools with what each is for; a click trades the token for the cookie, then opens the tab', async () => {
    const fetchMock = vi.fn(async () => new Response(null, { status: 204 }));
    vi.stubGlobal('fetch', fetchMock);
    const tab = { opener: window, location: { href: '' }, close: vi.fn() };
    const open = vi.spyOn(window, 'open').mockReturnValue(tab as unknown as Window);
    renderApp('/', api('ADMIN'));

    const tools = within(await screen.findByRole('region', { name: 'Admin tools' }));
    expect(tools.getByRole('link', { name: /MLflow UI/ })).toHaveAttribute('href', '/mlflow/');
    expect(tools.getByText('Experiments, runs, metrics and artifacts of every training.')).toBeInTheDocument();
    const browser = tools.getByRole('link', { name: /Database browser/ });
    expect(browser).toHaveAttribute('href', '/mongo-express/');
    expect(
      tools.getByText('The stored MongoDB documents, by collection and id (mongo-express, read-only by default).'),
    ).toBeInTheDocument();

    await userEvent.setup().click(browser);
    await vi.waitFor(() => expect(tab.location.href).toBe('/mongo-express/'));
    expect(open).toHaveBeenCalledWith('', '_blank');
    expect(tab.opener).toBeNull();
    expect(fetchMock).toHaveBeenCalledWith('/auth/mongo-express-session', {
      method: 'POST',
      headers: { Authorization: 'Bearer test-token' },
    });
  });

  it('a refused session closes the tab and says why', async () => {
    const refusal = { error: 'the database browser requires the permission use_admin_tools' };
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify(refusal), { status: 403 })));
    const tab = { opener: window, location: { href: '' }, close: vi.fn() };
    vi.spyOn(window, 'open').mockReturnValue(tab as unknown as Window);
    renderApp('/', api('ADMIN'));

    const tools = within(await screen.findByRole('region', { name: 'Admin tools' }));
    await userEvent.setup().click(tools.getByRole('link', { name: /Database browser/ }));

    expect(await screen.findByText(/Cannot open the database browser: The database browser requires/)).toBeInTheDocument();
    expect(tab.close).toHaveBeenCalledTimes(1);
    expect(tab.location.href).toBe('');
  });

  it('a USER sees no admin tools', async () => {
    const fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    renderApp('/', api('USER'));
    expect(await screen.findByRole('heading', { name: 'Welcome, user' })).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Admin tools' })).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /Database browser|MLflow UI/ })).not.toBeInTheDocument();
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
