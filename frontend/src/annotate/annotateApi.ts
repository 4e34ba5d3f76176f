import type { Client } from 'urql';
import type { QueueStrategy, TaskType } from '../graphql/schema.generated';
import { ANSWER_FIELD, answerVariables, describeAnswer, draftOfStored, suggestedDraft, type AnswerDraft } from './answers';
import { splitErrors } from '../ui/fieldErrors';
import { AnnotateItemDocument, ItemDocument, type AnnotateItemMutation } from '../graphql/shared/items.generated';
import {
  DeleteAnnotationDocument,
  NextItemDocument,
  type DeleteAnnotationMutation,
  type NextItemQuery,
} from './annotate.generated';
import { asSentence } from './messages';
import { PREFETCH_AHEAD } from './queueAhead';
import type { Draft, Notice, QueueAnswer, WorkApi, WorkItem, WriteAnswer } from './workSession';

/** `nextItem`'s union as the queue's answer. */
export function queueAnswerOf(result: NextItemQuery['nextItem']): QueueAnswer {
  switch (result.__typename) {
    case 'QueuedItem':
      return { kind: 'item', item: result.item };
    case 'QueueEmpty':
      return { kind: 'empty', message: asSentence(result.message) };
    case 'DatasetNotFoundError':
    case 'ReviewQueueForbiddenError':
      return { kind: 'failed', message: asSentence(result.message) };
  }
}

/** The next item of `strategy`, passing over `exclude`; null when the request failed (the toast says why). */
export async function askQueue(
  client: Client,
  datasetId: string,
  strategy: QueueStrategy,
  exclude: readonly string[],
): Promise<QueueAnswer | null> {
  const variables = { datasetId, strategy, exclude: exclude.length > 0 ? [...exclude] : null };
  const result = await client.query(NextItemDocument, variables, { requestPolicy: 'network-only' }).toPromise();
  return result.data ? queueAnswerOf(result.data.nextItem) : null;
}

/** One item by id, if it exists and belongs to `datasetId`. */
export async function loadItem(client: Client, datasetId: string, id: string): Promise<QueueAnswer | null> {
  const result = await client.query(ItemDocument, { id }, { requestPolicy: 'network-only' }).toPromise();
  if (!result.data) return null;
  const item = result.data.item;
  if (!item || item.datasetId !== datasetId) {
    return { kind: 'failed', message: `This dataset has no item with the id “${id}”.` };
  }
  return { kind: 'item', item };
}

/** The result of `annotateItem` (and `setGoldLabel`, the same union) as a write answer. */
export function writeAnswerOf(result: AnnotateItemMutation['annotateItem']): WriteAnswer {
  switch (result.__typename) {
    case 'ItemSuccess':
      return { kind: 'stored', item: result.item };
    case 'ValidationError': {
      const named = (result.fieldErrors ?? []).map((e) => e.field).filter((field) => ANSWER_FIELD.test(field));
      const { fields, form } = splitErrors(result, named);
      return { kind: 'refused', notice: { tone: 'error', text: form ? asSentence(form) : '', fields } };
    }
    case 'ConcurrentChangesError':
      return refused(`${asSentence(result.message)} Submit it again.`);
    case 'ItemCompleteError':
      return refused(`${asSentence(result.message)} Skip it to go on.`);
    case 'ItemNotFoundError':
    case 'DatasetArchivedError':
      return refused(asSentence(result.message));
  }
}

/** The result of `deleteAnnotation` (undo); `gone` when there is no annotation left to take back. */
export function undoAnswerOf(result: DeleteAnnotationMutation['deleteAnnotation']): WriteAnswer {
  switch (result.__typename) {
    case 'ItemSuccess':
      return { kind: 'stored', item: result.item };
    case 'AnnotationNotFoundError':
    case 'ItemNotFoundError':
      return { ...refused(asSentence(result.message)), gone: true };
    case 'NotYourAnnotationError':
    case 'DatasetArchivedError':
    case 'ConcurrentChangesError':
      return refused(asSentence(result.message));
  }
}

function refused(text: string): Extract<WriteAnswer, { kind: 'refused' }> {
  const notice: Notice = { tone: 'error', text };
  return { kind: 'refused', notice };
}

/**
 * The viewer's own annotation on the item (all an annotator of a blind dataset gets anyway); `suggested` when it
 * was the model's suggestion accepted unchanged (sent again unchanged, it stays so).
 */
export function annotationOf(item: WorkItem, username: string, taskType: TaskType = 'SINGLE_LABEL'): Draft | null {
  const mine = item.annotations.find((annotation) => annotation.annotator === username);
  return mine ? { ...draftOfStored(taskType, item, mine), note: mine.note ?? '', suggested: mine.suggestionAccepted === true } : null;
}

/**
 * The label the workspace pre-selects: the model's suggestion (batch scoring), never in a blind dataset (the API
 * does not send it to annotators there; a reviewer who annotates a blind dataset is not offered it either).
 */
export function suggestionOf(item: WorkItem, blind: boolean, taskType: TaskType = 'SINGLE_LABEL'): AnswerDraft | null {
  return blind ? null : suggestedDraft(taskType, item);
}

/**
 * The annotation workspace's API: the chosen queue (with `ahead` items reserved and loaded ahead: PREFETCH_AHEAD),
 * `annotateItem` (saying whether the label is the pre-selected suggestion, when one was offered), and
 * `deleteAnnotation` of one's own.
 */
export function annotateApi(
  client: Client,
  {
    datasetId,
    username,
    strategy,
    blind,
    taskType = 'SINGLE_LABEL',
    ahead = PREFETCH_AHEAD,
  }: { datasetId: string; username: string; strategy: () => QueueStrategy; blind: boolean; taskType?: TaskType; ahead?: number },
): WorkApi {
  return {
    taskType,
    ahead,
    next: (exclude) => askQueue(client, datasetId, strategy(), exclude),
    load: (id) => loadItem(client, datasetId, id),
    async submit(item, answer, note, acceptedSuggestion) {
      // Sent only when a suggestion was offered: no suggestion shown, nothing to record.
      const given = answerVariables(item.text ?? null, answer);
      const variables = { itemId: item.id, ...given, note, ...(acceptedSuggestion === null ? {} : { acceptedSuggestion }) };
      const result = await client.mutation(AnnotateItemDocument, variables).toPromise();
      return result.data ? writeAnswerOf(result.data.annotateItem) : null;
    },
    async undo(item) {
      const result = await client.mutation(DeleteAnnotationDocument, { itemId: item.id }).toPromise();
      return result.data ? undoAnswerOf(result.data.deleteAnnotation) : null;
    },
    decisionOf: (item) => annotationOf(item, username, taskType),
    suggestionOf: (item) => suggestionOf(item, blind, taskType),
    describeDecision: (item, answer) => `Labelled ${item.externalId} ${describeAnswer(item.text ?? null, answer)}.`,
  };
}
