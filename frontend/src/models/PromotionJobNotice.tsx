import { useEffect, useRef } from 'react';
import type { JobFieldsFragment } from '../jobs/jobs.generated';
import { isFinished } from '../jobs/jobEvents';
import { useLiveJob } from '../jobs/LiveJob';
import { describePromotionJob } from './promotion';

/** Follows a PROMOTION job (promotion, rollback, accepted proposal) and says what it did; `onEnded` once it ends. */
export function PromotionJobNotice({ job: initial, onEnded }: { job: JobFieldsFragment; onEnded: () => void }) {
  const job = useLiveJob(initial);
  const ended = isFinished(job.state);
  const told = useRef(false);
  useEffect(() => {
    if (ended && !told.current) {
      told.current = true;
      onEnded();
    }
  }, [ended, onEnded]);
  return (
    <p role="status" className="notice" data-job={job.id}>
      {describePromotionJob(job)}
    </p>
  );
}
