import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { viewerFixture } from '../test/fixtures';
import { renderApp, type Answer } from '../test/renderApp';
import { REFRESH_BEFORE_MS } from './TokenRefresher';

describe('TokenRefresher', () => {
  it('calls refreshAccessToken before the token expires and keeps the session', async () => {
    const { session } = renderApp('/account', (name): Answer => {
      if (name === 'Viewer') return { data: { viewer: viewerFixture('USER') } };
      if (name === 'RefreshAccessToken') {
        const expiresAt = new Date(Date.now() + 1_800_000).toISOString();
        return { data: { refreshAccessToken: { __typename: 'LoginSuccess', accessToken: 'refreshed', expiresAt } } };
      }
      throw new Error(`unexpected ${name}`);
    });
    await screen.findByRole('heading', { name: 'Account' });
    const epoch = session.getSnapshot().epoch;
    // Expires in REFRESH_BEFORE_MS + 1 s: the refresh is due in about a second.
    session.renew('about-to-expire', new Date(Date.now() + REFRESH_BEFORE_MS + 1_000).toISOString());
    await waitFor(() => expect(session.getSnapshot().token).toBe('refreshed'), { timeout: 4_000 });
    expect(session.getSnapshot().epoch).toBe(epoch);
  });
});
