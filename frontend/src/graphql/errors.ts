import type { CombinedError } from 'urql';

/** The `extensions.code` values the API puts on top-level errors. */
export type ErrorCode = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'INTERNAL_SERVER_ERROR' | (string & {});

function codes(error: CombinedError | undefined): ErrorCode[] {
  return (error?.graphQLErrors ?? []).map((e) => e.extensions?.code).filter((c): c is string => typeof c === 'string');
}

export function hasErrorCode(error: CombinedError | undefined, code: ErrorCode): boolean {
  return codes(error).includes(code);
}

/** The API refused the token (none, expired, revoked, user disabled): the session is over. */
export function isUnauthenticated(error: CombinedError | undefined): boolean {
  return hasErrorCode(error, 'UNAUTHENTICATED');
}

/** The login page's explanation for a session the API ended. */
export function sessionEndedNotice(error: CombinedError): string {
  const raw = error.graphQLErrors.find((e) => e.extensions?.code === 'UNAUTHENTICATED')?.message ?? '';
  // "authentication required: <why>. Send 'Authorization: Bearer <token>' (get one with `login`)."
  const why = raw.replace(/^authentication required:\s*/i, '').replace(/\.?\s*Send 'Authorization[\s\S]*$/, '');
  return why ? `Your session ended: ${why}.` : 'Your session ended: log in again.';
}

/** One readable sentence for a failed operation (network or GraphQL), for a toast or an inline alert. */
export function describeError(error: CombinedError): string {
  if (error.networkError) return `Cannot reach the API: ${error.networkError.message}`;
  const messages = [...new Set(error.graphQLErrors.map((e) => e.message))];
  return messages.length > 0 ? messages.join(' — ') : error.message;
}
