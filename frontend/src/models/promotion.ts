import { asSentence } from '../annotate/messages';
import { splitErrors, type SplitErrors } from '../ui/fieldErrors';
import type {
  PromoteModelVersionMutation,
  PromotionEventFieldsFragment,
  RollbackModelMutation,
} from '../graphql/shared/models.generated';

export type PromotionOutcome = PromoteModelVersionMutation['promoteModelVersion'] | RollbackModelMutation['rollbackModel'];

/** The reason dialog's errors for a `promoteModelVersion` / `rollbackModel` result; null when it succeeded. */
export function promotionErrors(outcome: PromotionOutcome): SplitErrors | null {
  switch (outcome.__typename) {
    case 'PromotionSuccess':
      return null;
    case 'ModelNotFoundError':
    case 'ModelVersionNotFoundError':
    case 'NoPreviousVersionError':
      return { fields: {}, form: asSentence(outcome.message) };
    case 'ValidationError':
      return splitErrors(outcome, ['reason']);
  }
}

/** The confirmation of a recorded promotion or rollback. */
export function describeEvent(event: PromotionEventFieldsFragment): string {
  const was = event.previousVersion ? ` (was version ${event.previousVersion})` : '';
  switch (event.action) {
    case 'PROMOTE':
      return `Version ${event.version} of ${event.model} is in production now${was}.`;
    case 'ROLLBACK':
      return `Rolled back: version ${event.version} of ${event.model} is in production again${was}.`;
  }
}
