import { useEffect, useRef, useState } from 'react';
import { useClient, useSubscription } from 'urql';
import { JobDocument, JobProgressDocument, type JobFieldsFragment } from './jobs.generated';
import { isFinished } from './jobEvents';
import { JobProgressView } from './JobProgressView';

/** How often to ask for the job when the subscription has sent nothing (no WebSocket, a proxy in the way). */
export const POLL_MS = 2000;

/** The later of two states of a job: an ended job never goes back to running. */
function advance(current: JobFieldsFragment, next: JobFieldsFragment): JobFieldsFragment {
  if (next.id !== current.id) return current;
  if (isFinished(current.state) && !isFinished(next.state)) return current;
  return next;
}

/**
 * The job as it is now: `initial` (e.g. from the mutation that queued it), then each state that the
 * `jobProgress` subscription sends (its current state first, then every change, until it ends). Should the
 * subscription send nothing at all, the job is polled every POLL_MS until it ends.
 */
export function useLiveJob(initial: JobFieldsFragment): JobFieldsFragment {
  const [job, setJob] = useState(initial);
  const [heard, setHeard] = useState(false);
  const finished = isFinished(job.state);
  const [{ data }] = useSubscription({
    query: JobProgressDocument,
    variables: { id: initial.id },
    pause: finished, // an ended job sends nothing more (and a socket that keeps failing stops retrying)
  });
  useEffect(() => {
    if (!data) return;
    setHeard(true);
    setJob((current) => advance(current, data.jobProgress));
  }, [data]);

  const client = useClient();
  useEffect(() => {
    if (finished || heard) return undefined;
    const timer = setInterval(() => {
      void client
        .query(JobDocument, { id: initial.id }, { requestPolicy: 'network-only' })
        .toPromise()
        .then((result) => {
          const polled = result.data?.job;
          if (polled) setJob((current) => advance(current, polled));
        });
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [client, finished, heard, initial.id]);
  return job;
}

/** A live progress display of one job; `onFinished` is called once, when it has ended. */
export function LiveJob({
  job: initial,
  onFinished,
}: {
  job: JobFieldsFragment;
  onFinished?: (job: JobFieldsFragment) => void;
}) {
  const job = useLiveJob(initial);
  const reported = useRef<string | null>(null);
  const callback = useRef(onFinished);
  useEffect(() => {
    callback.current = onFinished;
  });
  useEffect(() => {
    if (!isFinished(job.state) || reported.current === job.id) return;
    reported.current = job.id;
    callback.current?.(job);
  }, [job]);
  return <JobProgressView job={job} />;
}
