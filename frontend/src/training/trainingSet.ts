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
