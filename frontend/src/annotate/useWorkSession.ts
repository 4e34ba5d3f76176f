import { useEffect, useState, useSyncExternalStore } from 'react';
import { WorkSession, type WorkApi, type WorkState } from './workSession';

/**
 * A queue session for the lifetime of the component (give the component a `key` to start a new one), started
 * at `itemId` if given, else at the queue's next item.
 */
export function useWorkSession(createApi: () => WorkApi, itemId: string | null): [WorkSession, WorkState] {
  const [session] = useState(() => new WorkSession(createApi()));
  const state = useSyncExternalStore(session.subscribe, session.getSnapshot);
  useEffect(() => {
    session.start(itemId);
  }, [session, itemId]);
  return [session, state];
}
