import type { RunState } from './training.generated';

/** A run's state as a badge (the job-state colours). */
export function RunStateBadge({ state }: { state: RunState }) {
  return (
    <span className={`job-state job-state-${state}`} data-testid="run-state">
      {state}
    </span>
  );
}
