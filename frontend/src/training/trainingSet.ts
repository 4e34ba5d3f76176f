import type { ItemStatus } from '../graphql/schema.generated';
import type { ItemFilter } from './training.generated';

/** The training-set filter as the form edits it (a part of the search's ItemFilter). */
export interface TrainingSetState {
  /** Full-text query (`text`). */
  text: string;
  statuses: ItemStatus[];
  /** Labelled so by anyone, or as gold. */
  labels: string[];
  /** '' any item, 'yes' only with a gold label, 'no' only without. */
  gold: '' | 'yes' | 'no';
}

export const EMPTY_TRAINING_SET: TrainingSetState = { text: '', statuses: [], labels: [], gold: '' };

/** `startTraining(trainingSet:)` (and the count's filter): null when nothing is chosen (every item). */
export function trainingSetInput(state: TrainingSetState): ItemFilter | null {
  const filter: ItemFilter = {};
  if (state.text.trim()) filter.text = state.text.trim();
  if (state.statuses.length) filter.statuses = state.statuses;
  if (state.labels.length) filter.labels = state.labels;
  if (state.gold) filter.hasGoldLabel = state.gold === 'yes';
  return Object.keys(filter).length > 0 ? filter : null;
}

export function toggle<T>(values: readonly T[], value: T): T[] {
  return values.includes(value) ? values.filter((v) => v !== value) : [...values, value];
}

const CAMEL: Record<string, keyof ItemFilter> = {
  text: 'text',
  statuses: 'statuses',
  labels: 'labels',
  gold_labels: 'goldLabels',
  annotators: 'annotators',
  has_gold_label: 'hasGoldLabel',
  metadata: 'metadata',
  metadata_ranges: 'metadataRanges',
  external_ids: 'externalIds',
  created_after: 'createdAfter',
  created_before: 'createdBefore',
};
const EDITED: readonly (keyof ItemFilter)[] = ['text', 'statuses', 'labels', 'hasGoldLabel'];

/** A saved set's filter as the API stores it (snake_case keys) → the ItemFilter input (camelCase). */
export function filterInput(stored: unknown): ItemFilter {
  const filter: Record<string, unknown> = {};
  if (typeof stored === 'object' && stored !== null) {
    for (const [key, value] of Object.entries(stored)) {
      const name = CAMEL[key];
      if (name) filter[name] = value;
    }
  }
  return filter as ItemFilter;
}

/**
 * A saved set's filter split into what the form edits (text, statuses, labels, gold) and the other conditions
 * (saved from the client: annotators, metadata…), which saving from the form keeps unchanged.
 */
export function editableFilter(stored: unknown): { state: TrainingSetState; kept: ItemFilter } {
  const all = filterInput(stored);
  const kept = Object.fromEntries(Object.entries(all).filter(([key]) => !EDITED.includes(key as keyof ItemFilter)));
  const state: TrainingSetState = {
    text: all.text ?? '',
    statuses: [...(all.statuses ?? [])],
    labels: [...(all.labels ?? [])],
    gold: all.hasGoldLabel === true ? 'yes' : all.hasGoldLabel === false ? 'no' : '',
  };
  return { state, kept: kept as ItemFilter };
}

/** The ItemFilter input of the form's state plus the kept conditions: null when nothing is chosen. */
export function mergedFilter(state: TrainingSetState, kept: ItemFilter): ItemFilter | null {
  const merged = { ...kept, ...(trainingSetInput(state) ?? {}) };
  return Object.keys(merged).length > 0 ? merged : null;
}

/** A short summary of a saved set's filter, for lists ("every labelled item" when empty). */
export function describeFilter(stored: unknown): string {
  const filter = filterInput(stored);
  const parts: string[] = [];
  if (filter.text) parts.push(`“${filter.text}”`);
  if (filter.statuses?.length) parts.push(`status ${filter.statuses.join(' or ')}`);
  if (filter.labels?.length) parts.push(`label ${filter.labels.join(' or ')}`);
  if (filter.hasGoldLabel != null) parts.push(filter.hasGoldLabel ? 'with a gold label' : 'without a gold label');
  const others = Object.keys(filter).length - parts.length;
  if (others > 0) parts.push(`${others} more ${others === 1 ? 'condition' : 'conditions'}`);
  return parts.length > 0 ? parts.join(', ') : 'every labelled item';
}
