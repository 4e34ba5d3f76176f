import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import { Client, cacheExchange, fetchExchange, mapExchange, subscriptionExchange, type Exchange } from 'urql';
import type { SessionStore } from '../auth/session';
import type { ToastStore } from '../toast/toastStore';
import { describeError, isUnauthenticated, sessionEndedNotice } from './errors';

/** WebSocket close code of graphql-transport-ws when the server refuses connection_init (bad token). */
const WS_FORBIDDEN = 4403;

export interface GraphQLClientOptions {
  session: SessionStore;
  toasts: ToastStore;
  url?: string;
  wsUrl?: string;
  /** Replaces the network exchanges (fetch + WebSocket), e.g. with static results in tests. */
  terminalExchanges?: Exchange[];
  /** A WebSocket class other than the browser's (tests). */
  webSocketImpl?: unknown;
}

export interface AppGraphQLClient {
  client: Client;
  /** Closes the WebSocket, if one was opened. */
  dispose(): void;
}

export function defaultWsUrl(): string {
  return `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/graphql`;
}

/**
 * The app's GraphQL client for the current session epoch: HTTP for queries and mutations, graphql-ws for
 * subscriptions, the Bearer token on both. Errors no screen can fix go to the toast; UNAUTHENTICATED ends
 * the session (the route guard then sends the viewer to /login).
 */
export function createGraphQLClient(options: GraphQLClientOptions): AppGraphQLClient {
  const { session, toasts } = options;
  const epoch = session.getSnapshot().epoch;
  const isCurrent = () => session.getSnapshot().epoch === epoch;
  const authorization = () => {
    const { token } = session.getSnapshot();
    return token ? `Bearer ${token}` : null;
  };

  let ws: WsClient | null = null;
  const getWs = (): WsClient =>
    (ws ??= createWsClient({
      url: options.wsUrl ?? defaultWsUrl(),
      ...(options.webSocketImpl ? { webSocketImpl: options.webSocketImpl } : {}),
      lazy: true, // connect on the first subscription, close after the last one
      retryAttempts: 20, // with graphql-ws' randomised exponential back-off
      shouldRetry: () => true,
      connectionParams: () => {
        const value = authorization();
        return value ? { Authorization: value } : {};
      },
      on: {
        closed: (event) => {
          const code = (event as { code?: number } | null)?.code;
          if (code === WS_FORBIDDEN && isCurrent()) {
            const reason = (event as { reason?: string }).reason;
            session.end(`Your session ended: the live connection was refused${reason ? ` (${reason})` : ''}.`);
          }
        },
      },
    }));

  const errors = mapExchange({
    onError(error) {
      // Results can arrive synchronously while a component renders (cache hits): never update the session or
      // the toasts during someone else's render.
      queueMicrotask(() => {
        if (!isCurrent()) return; // a late answer to a request of an earlier session
        if (isUnauthenticated(error)) session.end(sessionEndedNotice(error));
        else toasts.showError(describeError(error));
      });
    },
  });

  const network = options.terminalExchanges ?? [
    fetchExchange,
    subscriptionExchange({
      forwardSubscription(request) {
        const input = { ...request, query: request.query ?? '' };
        return {
          subscribe(sink) {
            return { unsubscribe: getWs().subscribe(input, sink) };
          },
        };
      },
    }),
  ];

  const client = new Client({
    url: options.url ?? '/graphql',
    preferGetMethod: false,
    fetchOptions: () => {
      const value = authorization();
      return value ? { headers: { Authorization: value } } : {};
    },
    exchanges: [errors, cacheExchange, ...network],
  });

  return {
    client,
    dispose() {
      void ws?.dispose();
      ws = null;
    },
  };
}
