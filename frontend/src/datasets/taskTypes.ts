import type { TaskType } from '../graphql/schema.generated';

/** The task types a dataset can have, as the creation form offers them (SPANS only for TEXT). */
export const TASK_TYPES: readonly { value: TaskType; text: string }[] = [
  { value: 'SINGLE_LABEL', text: 'Single label — one label per item' },
  { value: 'MULTI_LABEL', text: 'Multi-label — any set of the labels per item' },
  { value: 'SPANS', text: 'Spans — label parts of the text (named entities)' },
];

const SHORT: Record<TaskType, string> = { SINGLE_LABEL: 'single label', MULTI_LABEL: 'multi-label', SPANS: 'spans' };

/** The task type in a badge: “single label”, “multi-label”, “spans”. */
export function taskTypeName(taskType: TaskType): string {
  return SHORT[taskType];
}
