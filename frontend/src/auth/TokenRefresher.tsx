import { useEffect } from 'react';
import { useMutation } from 'urql';
import { isUnauthenticated } from '../graphql/errors';
import { RefreshAccessTokenDocument } from '../graphql/shared/auth.generated';
import { useSessionState, useSessionStore } from './SessionContext';

/** Refresh this long before the access token expires (tokens last 30 minutes). */
export const REFRESH_BEFORE_MS = 5 * 60_000;
/** After a failed refresh (network), try again this much later, until the token expires. */
const RETRY_MS = 30_000;

/**
 * Keeps the session alive: calls `refreshAccessToken` shortly before the token expires, and again as soon as
 * a tab that slept past that moment becomes visible. An expired token ends the session.
 */
export function TokenRefresher() {
  const session = useSessionStore();
  const { token, expiresAt } = useSessionState();
  const [, refresh] = useMutation(RefreshAccessTokenDocument);

  useEffect(() => {
    if (!token || expiresAt === null) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let running = false;

    const run = async () => {
      if (running) return;
      if (session.expiresWithin(0)) {
        session.end('Your session expired: log in again.');
        return;
      }
      running = true;
      const result = await refresh({});
      running = false;
      const fresh = result.data?.refreshAccessToken;
      if (fresh) session.renew(fresh.accessToken, fresh.expiresAt);
      else if (!isUnauthenticated(result.error)) timer = setTimeout(run, RETRY_MS);
    };
    const onVisible = () => {
      if (document.visibilityState === 'visible' && session.expiresWithin(REFRESH_BEFORE_MS)) {
        clearTimeout(timer);
        void run();
      }
    };

    timer = setTimeout(run, Math.max(1_000, expiresAt - Date.now() - REFRESH_BEFORE_MS));
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [token, expiresAt, refresh, session]);

  return null;
}
