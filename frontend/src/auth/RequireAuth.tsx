import { Navigate, Outlet, useLocation } from 'react-router';
import { ViewerProvider } from '../viewer/ViewerContext';
import { useSessionState } from './SessionContext';
import { TokenRefresher } from './TokenRefresher';

/** Where /login returns to after a successful login. */
export interface LoginRedirectState {
  from?: { pathname: string; search?: string; hash?: string };
}

/**
 * Guards every page behind the login. Without a session it sends the viewer to /login, remembering the page
 * they wanted (unless they logged out on purpose), and /login brings them back there.
 */
export function RequireAuth() {
  const { token, loggedOut } = useSessionState();
  const location = useLocation();
  if (!token) {
    const state: LoginRedirectState | undefined = loggedOut
      ? undefined
      : { from: { pathname: location.pathname, search: location.search, hash: location.hash } };
    return <Navigate to="/login" replace state={state} />;
  }
  return (
    <ViewerProvider>
      <TokenRefresher />
      <Outlet />
    </ViewerProvider>
  );
}

/** The page to return to after login: a path inside the app (never /login itself, never another origin). */
export function returnPath(state: unknown): string {
  const from = (state as LoginRedirectState | null)?.from;
  if (!from || typeof from.pathname !== 'string' || !from.pathname.startsWith('/') || from.pathname.startsWith('//')) {
    return '/';
  }
  if (from.pathname === '/login') return '/';
  return `${from.pathname}${from.search ?? ''}${from.hash ?? ''}`;
}
