import { asSentence } from '../annotate/messages';
import { splitErrors, type SplitErrors } from '../ui/fieldErrors';
import type { JobFieldsFragment } from '../jobs/jobs.generated';
import type {
  PromoteModelVersionMutation,
  RollbackModelMutation,
} from '../graphql/shared/models.generated';

export type PromotionOutcome = PromoteModelVersionMutation['promoteModelVersion'] | RollbackModelMutation['rollbackModel'];

/** The reason dialog's errors for a `promoteModelVersion` / `rollbackModel` result; null when a job was queued. */
export function promotionErrors(outcome: PromotionOutcome): SplitErrors | null {
  switch (outcome.__typename) {
    case 'PromotionJobSuccess':
      return null;
    case 'ModelNotFoundError':
    case 'ModelVersionNotFoundError':
    case 'NoPreviousVersionError':
      return { fields: {}, form: asSentence(outcome.message) };
    case 'ValidationError':
      return splitErrors(outcome, ['reason']);
  }
}

type GateFigures = { note?: string; passed?: boolean };

/** What a PROMOTION job did, in a sentence: promoted, rolled back, proposed (with the gate's note), or failed. */
export function describePromotionJob(job: Pick<JobFieldsFragment, 'state' | 'message' | 'result'>): string {
  const result = (job.result ?? {}) as { outcome?: string; gate?: GateFigures | null };
  if (job.state === 'QUEUED' || job.state === 'RUNNING') return `Promotion job ${job.state.toLowerCase()}: ${job.message || 'waiting for the worker'}.`;
  if (job.state !== 'SUCCEEDED') return `The promotion job ${job.state.toLowerCase()}: ${job.message}`;
  if (result.outcome === 'PROPOSED') {
    const note = result.gate?.note ? ` Gate: ${result.gate.note}.` : '';
    return `Production is unchanged: a proposal waits for an ADMIN.${note}`;
  }
  return asSentence(job.message);
}
