import { useEffect, useState, useSyncExternalStore } from 'react';
import { useToastStore } from '../toast/Toaster';
import { WorkSession, type WorkApi, type WorkState } from './workSession';

/**
 * A queue session for the lifetime of the component (give the component a `key` to start a new one), started
 * at `itemId` if given, else at the queue's next item. Labels still being stored when it goes are told in the toast
 * if refused.
 */
export function useWorkSession(createApi: () => WorkApi, itemId: string | null): [WorkSession, WorkState] {
  const [session] = useState(() => new WorkSession(createApi()));
  const state = useSyncExternalStore(session.subscribe, session.getSnapshot);
  const toasts = useToastStore();
  useEffect(() => {
    session.start(itemId);
  }, [session, itemId]);
  useEffect(() => {
    // A label still being stored when the page is left: if it is refused, the toast says so.
    session.setAway(null);
    return () => session.setAway((text) => toasts.showError(text));
  }, [session, toasts]);
  return [session, state];
}
