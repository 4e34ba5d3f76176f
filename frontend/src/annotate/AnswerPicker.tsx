import type { CSSProperties } from 'react';
import type { DatasetFieldsFragment } from '../graphql/shared/items.generated';
import { keyLabel, noneOfTheseKey, type ShortcutMap } from './keyMap';
import { LabelPicker } from './LabelPicker';
import type { WorkSession, WorkState } from './workSession';

type Label = DatasetFieldsFragment['labels'][number];

/** "None of these" as a label button of its own grey (white text on it: 6.3:1). */
const NONE_STYLE = { '--label-color': '#5a6270', '--label-text': '#ffffff' } as CSSProperties;

/** The errors that name one label of the set sent (`labels[i]` is the i-th label of the draft). */
export function labelErrorsOf(state: WorkState): Partial<Record<string, string>> {
  const errors: Partial<Record<string, string>> = {};
  for (const [field, message] of Object.entries(state.notice?.fields ?? {})) {
    const match = /^labels\[(\d+)\]$/.exec(field);
    const name = match ? state.draft.labels?.[Number(match[1])] : undefined;
    if (name && message) errors[name] = message;
  }
  return errors;
}

/** The errors that name one span (`spans[i]`, `spans[i].label`), by index in the draft's spans (sent sorted). */
export function spanErrorsOf(state: WorkState): Partial<Record<number, string>> {
  const errors: Partial<Record<number, string>> = {};
  for (const [field, message] of Object.entries(state.notice?.fields ?? {})) {
    const match = /^spans\[(\d+)\]/.exec(field);
    if (match && message) errors[Number(match[1])] = [errors[Number(match[1])], message].filter(Boolean).join(' ');
  }
  return errors;
}

/**
 * The label controls of the workspace and the review queue by task type: one label to choose (SINGLE_LABEL), labels
 * to toggle and "None of these" (MULTI_LABEL), or labels that mark the selected text (SPANS; the text is the span
 * editor, beside).
 */
export function AnswerPicker({
  dataset,
  state,
  session,
  keys,
  legend,
  disabled,
}: {
  dataset: DatasetFieldsFragment;
  state: WorkState;
  session: WorkSession;
  keys: ShortcutMap;
  legend: string;
  disabled: boolean;
}) {
  const labels: readonly Label[] = dataset.labels;
  const { draft, notice } = state;
  const fields = notice?.fields ?? {};
  switch (dataset.taskType) {
    case 'SINGLE_LABEL':
      return (
        <LabelPicker
          legend={legend}
          labels={labels}
          selected={draft.label}
          suggested={draft.suggested ? draft.label : null}
          onSelect={(label) => session.select(label)}
          error={fields.label}
          disabled={disabled}
        />
      );
    case 'MULTI_LABEL': {
      const noneKey = noneOfTheseKey(keys, labels);
      return (
        <>
          <LabelPicker
            legend={`${legend}s (all that apply)`}
            labels={labels}
            selected={draft.labels ?? []}
            suggested={draft.suggested ? (draft.labels ?? []) : null}
            onSelect={(label) => session.select(label)}
            error={fields.labels ?? fields.noneOfThese ?? fields.label}
            labelErrors={labelErrorsOf(state)}
            disabled={disabled}
          />
          <button
            type="button"
            className="label-button none-of-these"
            style={NONE_STYLE}
            aria-pressed={draft.noneOfThese === true}
            aria-keyshortcuts={noneKey ?? undefined}
            data-suggested={(draft.suggested && draft.noneOfThese) || undefined}
            disabled={disabled}
            onClick={() => session.toggleNone()}
          >
            None of these {noneKey && <kbd>{keyLabel(noneKey)}</kbd>}
          </button>
        </>
      );
    }
    case 'SPANS':
      return (
        <LabelPicker
          legend="Mark the selection as"
          labels={labels}
          selected={null}
          onSelect={(label) => session.select(label)}
          error={fields.spans ?? fields.label}
          disabled={disabled}
        />
      );
  }
}
