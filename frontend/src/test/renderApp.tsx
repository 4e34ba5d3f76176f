import { render } from '@testing-library/react';
import { createMemoryRouter } from 'react-router';
import { makeErrorResult, makeResult, type Exchange, type Operation } from 'urql';
import { filter, fromValue, mergeMap, pipe } from 'wonka';
import { App } from '../app/App';
import { routes } from '../app/routes';
import { SessionStore } from '../auth/session';
import { createGraphQLClient } from '../graphql/client';
import { ToastStore } from '../toast/toastStore';

/** What the fake API answers: `data`, GraphQL `errors`, or a network failure. */
export type Answer = { data?: unknown; errors?: unknown[] } | { networkError: Error };
export type Resolver = (operationName: string, variables: Record<string, unknown>) => Answer;

/** The terminal exchange of tests: every operation is answered at once from `resolve` (wonka's fromValue). */
export function staticExchange(resolve: Resolver, calls: string[] = []): Exchange {
  return () => (operations$) =>
    pipe(
      operations$,
      filter((operation: Operation) => operation.kind !== 'teardown'),
      mergeMap((operation: Operation) => {
        const name = operationName(operation);
        calls.push(name);
        const answer = resolve(name, (operation.variables ?? {}) as Record<string, unknown>);
        return fromValue(
          'networkError' in answer
            ? makeErrorResult(operation, answer.networkError)
            : makeResult(operation, { data: answer.data ?? null, errors: answer.errors } as never),
        );
      }),
    );
}

function operationName(operation: Operation): string {
  for (const definition of operation.query.definitions) {
    if (definition.kind === 'OperationDefinition' && definition.name) return definition.name.value;
  }
  return '';
}

const IN_AN_HOUR = () => new Date(Date.now() + 3_600_000).toISOString();

/**
 * The whole app (real routes, session, toasts, error handling) at `path`, over a fake API.
 * `loggedIn` starts with a session, as after a login; `exchanges` go before the static one (e.g. one that answers
 * subscriptions with events a test pushes, and forwards everything else).
 */
export function renderApp(
  path: string,
  resolve: Resolver,
  { loggedIn = true, exchanges = [] }: { loggedIn?: boolean; exchanges?: Exchange[] } = {},
) {
  const session = new SessionStore(window.sessionStorage);
  if (loggedIn) session.start('test-token', IN_AN_HOUR());
  const toasts = new ToastStore();
  const calls: string[] = [];
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const createClient = (options: Parameters<typeof createGraphQLClient>[0]) =>
    createGraphQLClient({ ...options, terminalExchanges: [...exchanges, staticExchange(resolve, calls)] });
  const view = render(<App session={session} toasts={toasts} router={router} createClient={createClient} />);
  return { ...view, session, toasts, router, calls };
}

export const IN_HALF_AN_HOUR = () => new Date(Date.now() + 1_800_000).toISOString();
