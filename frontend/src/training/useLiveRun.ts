import { useEffect, useReducer, useRef, useState } from 'react';
import { useClient } from 'urql';
// urql's own stream library (a dependency of @urql/core): useSubscription does not tell a subscription that ended
// from one that is waiting for its next event, and resuming after a drop needs exactly that.
import { onEnd, pipe, subscribe } from 'wonka';
import type { JobState } from '../graphql/schema.generated';
import { TrainingRunEventsAfterDocument, TrainingRunEventsDocument } from './training.generated';
import { EMPTY_LOG, isFinished, mergeEvents, stateOf, type JobEvent, type JobEventLog } from '../jobs/jobEvents';

/** How often the events are polled while the subscription sends nothing (no WebSocket…). */
export const POLL_MS = 2000;
/** The wait before subscribing again, after the last cursor, when the subscription ended before the run did. */
export const RESUBSCRIBE_MS = 1000;

export interface LiveRun {
  log: JobEventLog;
  /** The run's state as the events tell it. */
  state: JobState;
  /** Whether the events come live: the subscription is open and has sent some; false while they are polled. */
  live: boolean;
}

/**
 * A run's events, live: `initial` (the run query's history), then the `trainingRun(id, after)` subscription
 * from its last cursor. Each event is kept once, by `seq` (`mergeEvents`): the replay that a reconnection brings
 * (graphql-ws subscribes again by itself, with the cursor it started with) adds nothing. Should the subscription
 * end before the run does (graphql-ws gave up reconnecting, or the server closed it), it is started again after
 * RESUBSCRIBE_MS, after the last cursor received. While it sends nothing, `events(after)` is polled every
 * POLL_MS. Nothing is subscribed to or polled once the run has ended.
 */
export function useLiveRun(runId: string, runState: JobState, initial: readonly JobEvent[]): LiveRun {
  const [log, merge] = useReducer(mergeEvents, EMPTY_LOG, (empty) => mergeEvents(empty, initial));
  useEffect(() => merge(initial), [initial]); // the run query again (e.g. once it has ended)
  const state = stateOf(log, runState);
  const finished = isFinished(state);
  const cursor = useRef(log.cursor);
  cursor.current = log.cursor;

  const client = useClient();
  const [live, setLive] = useState(false);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (finished) return undefined;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const { unsubscribe } = pipe(
      client.subscription(TrainingRunEventsDocument, { id: runId, after: cursor.current }),
      onEnd(() => {
        if (cancelled) return; // our own unsubscribe, not a drop
        setLive(false);
        timer = setTimeout(() => setAttempt((n) => n + 1), RESUBSCRIBE_MS);
      }),
      subscribe((result) => {
        if (result.data) {
          merge([result.data.trainingRun]);
          setLive(true);
        } else if (result.error) setLive(false);
      }),
    );
    return () => {
      cancelled = true;
      clearTimeout(timer);
      unsubscribe();
    };
  }, [client, runId, finished, attempt]);

  useEffect(() => {
    if (finished || live) return undefined;
    const timer = setInterval(() => {
      void client
        .query(TrainingRunEventsAfterDocument, { id: runId, after: cursor.current }, { requestPolicy: 'network-only' })
        .toPromise()
        .then((result) => {
          const events = result.data?.trainingRun?.events;
          if (events) merge(events);
        });
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [client, finished, live, runId]);

  return { log, state, live };
}
