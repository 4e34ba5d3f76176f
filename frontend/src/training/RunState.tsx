import type { JobState } from '../graphql/schema.generated';

/** A run's state as a badge (the job-state colours). */
export function RunStateBadge({ state }: { state: JobState }) {
  return (
    <span className={`job-state job-state-${state}`} data-testid="run-state">
      {state}
    </span>
  );
}
