import { useEffect, useMemo, type ReactNode } from 'react';
import { Provider } from 'urql';
import { useSessionState, useSessionStore } from '../auth/SessionContext';
import { useToastStore } from '../toast/Toaster';
import { createGraphQLClient, type AppGraphQLClient, type GraphQLClientOptions } from './client';

type ClientFactory = (options: GraphQLClientOptions) => AppGraphQLClient;

/** A fresh urql client for every session epoch: no cache or WebSocket outlives the login it was made for. */
export function GraphQLProvider({
  children,
  createClient = createGraphQLClient,
}: {
  children: ReactNode;
  createClient?: ClientFactory;
}) {
  const session = useSessionStore();
  const toasts = useToastStore();
  const { epoch } = useSessionState();
  // `epoch` is not read inside: it is the reason to rebuild.
  const app = useMemo(() => createClient({ session, toasts }), [createClient, session, toasts, epoch]);
  useEffect(() => () => app.dispose(), [app]);
  return <Provider value={app.client}>{children}</Provider>;
}
