import type { JobKind, JobState } from '../graphql/schema.generated';

/** A job in one of these states will not change again (the jobProgress subscription ends). */
export function isFinished(state: JobState): boolean {
  switch (state) {
    case 'QUEUED':
    case 'RUNNING':
      return false;
    case 'SUCCEEDED':
    case 'FAILED':
    case 'CANCELLED':
      return true;
  }
}

/** What `done` and `total` count, per kind of job. */
export function unitsOf(kind: JobKind): string {
  switch (kind) {
    case 'IMPORT':
      return 'lines';
    case 'EXPORT':
    case 'REINDEX':
    case 'RECONCILE':
    case 'BATCH_SCORING':
      return 'items';
    case 'TRAINING':
      return 'steps';
  }
}

export const JOB_KIND_LABELS: Record<JobKind, string> = {
  IMPORT: 'Import',
  EXPORT: 'Export',
  REINDEX: 'Reindex',
  RECONCILE: 'Reconcile',
  TRAINING: 'Training',
  BATCH_SCORING: 'Batch scoring',
};

/** The download path of a finished export (`result.download`), if the result has one. */
export function downloadPathOf(result: unknown): string | null {
  if (typeof result !== 'object' || result === null) return null;
  const path = (result as { download?: unknown }).download;
  return typeof path === 'string' && path.startsWith('/') ? path : null;
}
