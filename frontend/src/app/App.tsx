import { RouterProvider, type createBrowserRouter } from 'react-router';
import { SessionProvider } from '../auth/SessionContext';
import type { SessionStore } from '../auth/session';
import type { GraphQLClientOptions, AppGraphQLClient } from '../graphql/client';
import { GraphQLProvider } from '../graphql/GraphQLProvider';
import { ToastProvider, Toaster } from '../toast/Toaster';
import type { ToastStore } from '../toast/toastStore';

type Router = ReturnType<typeof createBrowserRouter>;

interface AppProps {
  session: SessionStore;
  toasts: ToastStore;
  router: Router;
  /** Tests replace the network with static results here. */
  createClient?: (options: GraphQLClientOptions) => AppGraphQLClient;
}

/** The whole app: session → toasts → GraphQL client (one per session) → routes. */
export function App({ session, toasts, router, createClient }: AppProps) {
  return (
    <SessionProvider store={session}>
      <ToastProvider store={toasts}>
        <GraphQLProvider {...(createClient ? { createClient } : {})}>
          <RouterProvider router={router} />
        </GraphQLProvider>
        <Toaster />
      </ToastProvider>
    </SessionProvider>
  );
}
