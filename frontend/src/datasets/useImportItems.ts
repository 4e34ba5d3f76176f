import { useCallback, useState } from 'react';
import { CombinedError } from 'urql';
import { useSessionStore } from '../auth/SessionContext';
import { describeError, isUnauthenticated, sessionEndedNotice } from '../graphql/errors';
import { useToastStore } from '../toast/Toaster';
import {
  ImportItemsDocument,
  type ImportItemsMutation,
  type ImportItemsMutationVariables,
} from './datasets.generated';
import { postMultipart } from './multipart';

export type ImportOutcome = ImportItemsMutation['importItems'];
type Variables = Omit<ImportItemsMutationVariables, 'file'>;

/**
 * `importItems` as a multipart upload, with the app's error handling: UNAUTHENTICATED ends the session, other
 * top-level errors and network failures go to the toast; the union member (or null) is returned.
 */
export function useImportItems(): [{ fetching: boolean }, (variables: Variables, file: File) => Promise<ImportOutcome | null>] {
  const session = useSessionStore();
  const toasts = useToastStore();
  const [fetching, setFetching] = useState(false);
  const run = useCallback(
    async (variables: Variables, file: File): Promise<ImportOutcome | null> => {
      const epoch = session.getSnapshot().epoch;
      setFetching(true);
      let error: CombinedError | null = null;
      let outcome: ImportOutcome | null = null;
      try {
        const body = await postMultipart(ImportItemsDocument, { ...variables, file }, 'file', file, session.getSnapshot().token);
        outcome = body.data?.importItems ?? null;
        if (body.errors?.length) error = new CombinedError({ graphQLErrors: body.errors });
      } catch (caught) {
        error = caught instanceof CombinedError ? caught : new CombinedError({ networkError: caught as Error });
      } finally {
        setFetching(false);
      }
      if (error && session.getSnapshot().epoch === epoch) {
        if (isUnauthenticated(error)) session.end(sessionEndedNotice(error));
        else toasts.showError(describeError(error));
      }
      return outcome;
    },
    [session, toasts],
  );
  return [{ fetching }, run];
}
