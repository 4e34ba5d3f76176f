import type { Client } from 'urql';
import { answerVariables, describeAnswer, draftOfStored } from '../annotate/answers';
import type { TaskType } from '../graphql/schema.generated';
import { askQueue, loadItem, writeAnswerOf } from '../annotate/annotateApi';
import type { Draft, WorkApi, WorkItem } from '../annotate/workSession';
import { SetGoldLabelDocument } from './review.generated';

/** The gold label set on the item, with the comment of the review that set it (history is oldest first). */
export function goldDecision(item: WorkItem, taskType: TaskType = 'SINGLE_LABEL'): Draft | null {
  if (item.goldLabel === null) return null;
  const review = [...item.history].reverse().find((event) => event.action === 'gold' && event.label === item.goldLabel);
  const stored = { label: item.goldLabel, labels: item.goldLabels, spans: item.goldSpans };
  return { ...draftOfStored(taskType, item, stored), note: review?.comment ?? '' };
}

/** The review queue's API: conflicts (`nextItem` REVIEW) and `setGoldLabel`; a review is changed, not undone. */
export function reviewApi(client: Client, datasetId: string, taskType: TaskType = 'SINGLE_LABEL'): WorkApi {
  return {
    taskType,
    next: (exclude) => askQueue(client, datasetId, 'REVIEW', exclude),
    load: (id) => loadItem(client, datasetId, id),
    async submit(item, answer, comment) {
      const variables = { itemId: item.id, ...answerVariables(item.text ?? null, answer), comment };
      const result = await client.mutation(SetGoldLabelDocument, variables).toPromise();
      return result.data ? writeAnswerOf(result.data.setGoldLabel) : null;
    },
    decisionOf: (item) => goldDecision(item, taskType),
    describeDecision: (item, answer) =>
      `Reviewed ${item.externalId}: gold ${answer.kind === 'label' ? 'label ' : ''}${describeAnswer(item.text ?? null, answer)}.`,
  };
}
