import type { TaskType } from '../graphql/schema.generated';
import type { ItemFieldsFragment } from '../graphql/shared/items.generated';
import { fromSpan, toSpanInput, type Mark } from './spans/offsets';

/**
 * What an annotator (or a reviewer) answers, by the dataset's task type: one label (SINGLE_LABEL), a set of labels
 * or "none of these" (MULTI_LABEL), or spans of the text (SPANS; UTF-16 indices here, code points at the API).
 */
export type Answer =
  | { kind: 'label'; label: string }
  | { kind: 'labels'; labels: readonly string[]; noneOfThese: boolean }
  | { kind: 'spans'; spans: readonly Mark[] };

/** The part of a draft that holds the answer (workSession's Draft has these and the note). */
export interface AnswerDraft {
  label: string | null;
  labels?: readonly string[] | undefined;
  noneOfThese?: boolean | undefined;
  spans?: readonly Mark[] | undefined;
}

/** The key of "None of these" (MULTI_LABEL), unless a label's hotkey or the viewer's map takes it. */
export const NONE_OF_THESE_KEY = '0';

/** The draft as an answer to send, or why it cannot be sent yet. */
export function answerOf(taskType: TaskType, draft: AnswerDraft, noneKey: string | null): Answer | { problem: string; field: string } {
  switch (taskType) {
    case 'SINGLE_LABEL':
      return draft.label ? { kind: 'label', label: draft.label } : { problem: 'Choose a label first: press its key, or click it.', field: 'label' };
    case 'MULTI_LABEL': {
      const labels = draft.labels ?? [];
      if (draft.noneOfThese) return { kind: 'labels', labels: [], noneOfThese: true };
      if (labels.length > 0) return { kind: 'labels', labels, noneOfThese: false };
      const how = noneKey ? ` (key ${noneKey})` : '';
      return { problem: `No label chosen: an empty set is not sent. Choose the labels that apply, or “None of these”${how}.`, field: 'labels' };
    }
    case 'SPANS':
      return { kind: 'spans', spans: [...(draft.spans ?? [])].sort((a, b) => a.start - b.start) };
  }
}

/** The answer as `annotateItem` / `setGoldLabel` arguments (span offsets in code points of `text`). */
export function answerVariables(text: string | null, answer: Answer) {
  switch (answer.kind) {
    case 'label':
      return { label: answer.label };
    case 'labels':
      return answer.noneOfThese ? { labels: [], noneOfThese: true } : { labels: [...answer.labels] };
    case 'spans':
      return { spans: answer.spans.map((mark) => toSpanInput(text ?? '', mark)) };
  }
}

/** Two drafts give the same answer (a set in any order; spans in any order). */
export function sameAnswer(taskType: TaskType, a: AnswerDraft, b: AnswerDraft): boolean {
  switch (taskType) {
    case 'SINGLE_LABEL':
      return a.label === b.label;
    case 'MULTI_LABEL': {
      const x = new Set(a.labels ?? []);
      const y = new Set(b.labels ?? []);
      return !!a.noneOfThese === !!b.noneOfThese && x.size === y.size && [...x].every((label) => y.has(label));
    }
    case 'SPANS': {
      const key = (d: AnswerDraft) => [...(d.spans ?? [])].sort((p, q) => p.start - q.start).map((m) => `${m.start}-${m.end}:${m.label}`).join(' ');
      return key(a) === key(b);
    }
  }
}

type Stored = { label: string; labels: readonly string[]; spans: readonly Mark[] };

/** A stored answer (an annotation, or the gold answer) as a draft; spans in UTF-16 indices of the item's text. */
export function draftOfStored(taskType: TaskType, item: Pick<ItemFieldsFragment, 'text'>, stored: Stored): AnswerDraft {
  switch (taskType) {
    case 'SINGLE_LABEL':
      return { label: stored.label };
    case 'MULTI_LABEL':
      return { label: null, labels: stored.labels, noneOfThese: stored.labels.length === 0 };
    case 'SPANS':
      return { label: null, spans: stored.spans.map((span) => fromSpan(item.text ?? '', span)) };
  }
}

/** The model's suggestion as a draft to pre-select; null when the item has none. */
export function suggestedDraft(taskType: TaskType, item: ItemFieldsFragment): AnswerDraft | null {
  const suggestion = item.suggestion;
  if (!suggestion) return null;
  const labels = taskType === 'MULTI_LABEL' ? suggestion.labels.map((s) => s.label) : [];
  return draftOfStored(taskType, item, { label: suggestion.label, labels, spans: taskType === 'SPANS' ? suggestion.spans : [] });
}

/** A short text of an answer for the success line: “billing, bug”, “none of these”, “2 spans: Paris (LOC), …”. */
export function describeAnswer(text: string | null, answer: Answer): string {
  switch (answer.kind) {
    case 'label':
      return `“${answer.label}”`;
    case 'labels':
      return answer.noneOfThese ? 'none of these' : answer.labels.map((l) => `“${l}”`).join(', ');
    case 'spans':
      if (answer.spans.length === 0) return 'no spans';
      return `${answer.spans.length} span${answer.spans.length === 1 ? '' : 's'}: ${answer.spans.map((m) => `${(text ?? '').slice(m.start, m.end)} (${m.label})`).join(', ')}`;
  }
}

/** Field names of the answer's errors (`labels[1]`, `spans[0].label`…), placed next to the label or span they name. */
export const ANSWER_FIELD = /^(label|labels(\[\d+\])?|noneOfThese|spans(\[\d+\](\.label)?)?|note|acceptedSuggestion)$/;

/**
 * An answer's key (history events carry only the key) in words: “billing, bug”, “none of these”, ““Paris” LOC,
 * “Zoë” PER”, “no spans”. The key as it is when it cannot be read (SINGLE_LABEL keys are the label).
 */
export function keyInWords(taskType: TaskType, key: string, text: string | null): string {
  if (taskType === 'MULTI_LABEL') return key === '(none)' ? 'none of these' : key.split('+').join(', ');
  if (taskType !== 'SPANS') return key;
  if (key === '(no spans)') return 'no spans';
  const points = Array.from(text ?? '');
  const parts = key.split(' ').map((part) => /^(\d+)-(\d+):(.+)$/.exec(part));
  if (parts.some((match) => match === null)) return key;
  return parts.map((m) => `“${points.slice(Number(m![1]), Number(m![2])).join('')}” ${m![3]}`).join(', ');
}
