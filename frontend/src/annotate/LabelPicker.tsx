import { useId, type CSSProperties } from 'react';
import type { DatasetFieldsFragment } from '../datasets/datasets.generated';
import { NO_COLOR, textColorOn } from '../datasets/labelColors';

type Label = DatasetFieldsFragment['labels'][number];

/**
 * The dataset's labels as toggle buttons in their colours, each with its hotkey; the chosen one is pressed.
 * Keys do the same as clicks (useQueueKeys); the error of the `label` argument shows under them.
 */
export function LabelPicker({
  labels,
  selected,
  onSelect,
  legend,
  error,
  disabled = false,
}: {
  labels: readonly Label[];
  selected: string | null;
  onSelect: (name: string) => void;
  legend: string;
  error?: string | undefined;
  disabled?: boolean;
}) {
  const errorId = useId();
  return (
    <fieldset className="label-picker plain" aria-describedby={error ? errorId : undefined}>
      <legend>{legend}</legend>
      <div className="label-buttons">
        {labels.map((label) => {
          const color = label.color ?? NO_COLOR;
          const pressed = selected === label.name;
          const style = { '--label-color': color, '--label-text': textColorOn(color) } as CSSProperties;
          return (
            <button
              key={label.name}
              type="button"
              className="label-button"
              style={style}
              aria-pressed={pressed}
              aria-keyshortcuts={label.hotkey ?? undefined}
              data-label={label.name}
              disabled={disabled}
              onClick={() => onSelect(label.name)}
            >
              <span className="label-swatch" aria-hidden="true" />
              <span className="label-name">{label.name}</span>{' '}
              {label.hotkey && <kbd>{label.hotkey}</kbd>}
            </button>
          );
        })}
      </div>
      {error && (
        <small id={errorId} className="field-error">
          {error}
        </small>
      )}
    </fieldset>
  );
}
