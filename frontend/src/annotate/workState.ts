import type { TaskType } from '../graphql/schema.generated';
import type { ItemFieldsFragment } from '../graphql/shared/items.generated';
import type { Answer, AnswerDraft } from './answers';

/** The state and the API of a queue session (workSession.ts): what the store holds and what it calls. */

export type WorkItem = ItemFieldsFragment;

/** A message for the item shown; `fields` go next to their input (label picker, note). */
export interface Notice {
  tone: 'error' | 'success' | 'info';
  text: string;
  /** By the API's field name: `label`, `note`, `labels`, `labels[1]`, `noneOfThese`, `spans[0]`, `spans[0].label`… */
  fields?: Partial<Record<string, string>>;
  /** An item of the trail the notice is about (a decision not stored): the notice offers to show it. */
  itemId?: string;
}

/** What the queue gave, or why it gave nothing. */
export type QueueAnswer =
  | { kind: 'item'; item: WorkItem }
  | { kind: 'empty'; message: string }
  | { kind: 'failed'; message: string };

/** What a write did: the item as stored now, or why nothing changed (`gone`: there is nothing left to undo). */
export type WriteAnswer = { kind: 'stored'; item: WorkItem } | { kind: 'refused'; notice: Notice; gone?: boolean };

/** The API as a queue sees it. `null` answers: the request failed, and the app's toast already says why. */
export interface WorkApi {
  /** The dataset's task type (what an answer is); SINGLE_LABEL when absent. */
  taskType?: TaskType;
  next(exclude: readonly string[]): Promise<QueueAnswer | null>;
  /** One item by id (a link to a given item); `failed` when it does not exist or is not in this dataset. */
  load(id: string): Promise<QueueAnswer | null>;
  /**
   * Stores the decision. `acceptedSuggestion`: null when no suggestion was offered with the item (`suggestionOf`),
   * true when the label is the offered suggestion left as it was pre-selected, false when another was chosen.
   */
  submit(item: WorkItem, answer: Answer, note: string | null, acceptedSuggestion: boolean | null): Promise<WriteAnswer | null>;
  /** Takes back this viewer's decision on the item; absent where there is no undo (review). */
  undo?: (item: WorkItem) => Promise<WriteAnswer | null>;
  /** This viewer's decision already on the item (their annotation; the gold label in review), if any. */
  decisionOf(item: WorkItem): Draft | null;
  /** The answer to pre-select when the viewer has not decided (the model's suggestion); absent or null: none. */
  suggestionOf?: (item: WorkItem) => AnswerDraft | null;
  /** What the success line says after a decision. */
  describeDecision(item: WorkItem, answer: Answer): string;
  /**
   * How many queue items to keep reserved and loaded ahead (0 or absent: none). With items ahead, Enter shows the
   * next item at once and the decision is stored in the background (a refusal is told, and the item kept).
   */
  ahead?: number;
  /** The clock (ms) that dates the items loaded ahead; Date.now when absent. */
  now?: () => number;
}

export interface Draft extends AnswerDraft {
  note: string;
  /** The answer is the model's suggestion, pre-selected and not changed since (Enter accepts it as it is). */
  suggested?: boolean;
  /** SPANS: the text selected in the span editor (UTF-16 indices), which a label key marks. */
  selection?: { start: number; end: number } | null;
}

export interface Entry {
  item: WorkItem;
  skipped: boolean;
  /** Its decision is being stored in the background. */
  saving?: boolean;
  /** The decision sent (being stored, or refused): what the item shows until it is stored. */
  unsaved?: Draft;
  /** Why its decision was not stored (shown again when the item is). */
  failed?: Notice;
}

/** Past the last item of the trail: nothing (the last item is the queue's current one), or the queue's answer. */
export type Frontier =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'empty'; message: string }
  | { kind: 'failed'; message: string };

export interface WorkState {
  trail: readonly Entry[];
  /** Index in `trail` of the item shown; `trail.length` shows the frontier (loading, nothing left…). */
  position: number;
  frontier: Frontier;
  draft: Draft;
  /** A write is under way: keys wait for it. */
  busy: boolean;
  notice: Notice | null;
  /** Items decided in this sitting, latest last: the counter, and what U takes back. */
  decided: readonly string[];
  /** Items skipped in this sitting: the queue passes over them (`nextItem(exclude)`). */
  skipped: readonly string[];
  /** Writes stored in this sitting (decisions and undos): counts that depend on them are due again. */
  writes: number;
}

export const NO_DRAFT: Draft = { label: null, note: '' };

export const INITIAL_STATE: WorkState = {
  trail: [],
  position: 0,
  frontier: { kind: 'loading' },
  draft: NO_DRAFT,
  busy: false,
  notice: null,
  decided: [],
  skipped: [],
  writes: 0,
};

/** The entry shown, or null at the frontier. */
export function shownEntry(state: WorkState): Entry | null {
  return state.trail[state.position] ?? null;
}
