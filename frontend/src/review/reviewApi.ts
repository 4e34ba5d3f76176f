import type { Client } from 'urql';
import { askQueue, loadItem, writeAnswerOf } from '../annotate/annotateApi';
import type { Draft, WorkApi, WorkItem } from '../annotate/workSession';
import { SetGoldLabelDocument } from './review.generated';

/** The gold label set on the item, with the comment of the review that set it (history is oldest first). */
export function goldDecision(item: WorkItem): Draft | null {
  if (item.goldLabel === null) return null;
  const review = [...item.history].reverse().find((event) => event.action === 'gold' && event.label === item.goldLabel);
  return { label: item.goldLabel, note: review?.comment ?? '' };
}

/** The review queue's API: conflicts (`nextItem` REVIEW) and `setGoldLabel`; a review is changed, not undone. */
export function reviewApi(client: Client, datasetId: string): WorkApi {
  return {
    next: (exclude) => askQueue(client, datasetId, 'REVIEW', exclude),
    load: (id) => loadItem(client, datasetId, id),
    async submit(item, label, comment) {
      const result = await client.mutation(SetGoldLabelDocument, { itemId: item.id, label, comment }).toPromise();
      return result.data ? writeAnswerOf(result.data.setGoldLabel) : null;
    },
    decisionOf: goldDecision,
    describeDecision: (item, label) => `Reviewed ${item.externalId}: gold label “${label}”.`,
  };
}
