import { createContext, useContext, useEffect, type ReactNode } from 'react';
import { useQuery } from 'urql';
import { useSessionStore } from '../auth/SessionContext';
import { describeError, isUnauthenticated, sessionEndedNotice } from '../graphql/errors';
import { ViewerDocument, type ViewerFieldsFragment } from '../graphql/shared/auth.generated';

export type Viewer = ViewerFieldsFragment;

const ViewerContext = createContext<Viewer | null>(null);
// API tokens can be created when the viewer has none: refetch on any ApiToken change, even then.
const VIEWER_CONTEXT = { additionalTypenames: ['ApiToken'] };

/** Loads the viewer once per session and provides it; an UNAUTHENTICATED answer ends the session. */
export function ViewerProvider({ children }: { children: ReactNode }) {
  const session = useSessionStore();
  const [{ data, error }, reexecute] = useQuery({ query: ViewerDocument, context: VIEWER_CONTEXT });
  const unauthenticated = isUnauthenticated(error);

  useEffect(() => {
    if (error && unauthenticated) session.end(sessionEndedNotice(error));
  }, [error, unauthenticated, session]);

  // An administrator may have changed the viewer's role meanwhile: refresh when the tab is looked at again.
  useEffect(() => {
    const onVisible = () => {
      if (document.visibilityState === 'visible') reexecute({ requestPolicy: 'network-only' });
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [reexecute]);

  if (data) return <ViewerContext.Provider value={data.viewer}>{children}</ViewerContext.Provider>;
  if (error && !unauthenticated) {
    return (
      <main className="centered">
        <h1>Cannot load your account</h1>
        <p role="alert">{describeError(error)}</p>
        <button type="button" onClick={() => reexecute({ requestPolicy: 'network-only' })}>
          Try again
        </button>
      </main>
    );
  }
  return (
    <main className="centered">
      <p role="status">Loading your account…</p>
    </main>
  );
}

/** The viewer of this session; only inside <ViewerProvider> (every page behind the login). */
export function useViewer(): Viewer {
  const viewer = useContext(ViewerContext);
  if (!viewer) throw new Error('useViewer needs a <ViewerProvider>');
  return viewer;
}

/** For tests and stories: provide a viewer without querying it. */
export const StaticViewerProvider = ViewerContext.Provider;
