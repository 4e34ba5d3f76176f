import { useId, type CSSProperties } from 'react';
import type { DatasetFieldsFragment } from '../graphql/shared/items.generated';
import { NO_COLOR, textColorOn } from '../datasets/labelColors';
import { activeLabelKeys, keyLabel } from './keyMap';
import { useShortcutMap } from './KeyHint';

type Label = DatasetFieldsFragment['labels'][number];

/**
 * The dataset's labels as toggle buttons in their colours, each with its hotkey (unless the viewer's keys turn it
 * off or take it); the chosen one is pressed, and marked "suggested" while it is the model's pre-selected suggestion.
 * Keys do the same as clicks (useQueueKeys); the error of the `label` argument shows under them.
 */
export function LabelPicker({
  labels,
  selected,
  suggested = null,
  onSelect,
  legend,
  error,
  disabled = false,
  labelErrors = {},
}: {
  labels: readonly Label[];
  /** The chosen label, or the chosen set (MULTI_LABEL). */
  selected: string | readonly string[] | null;
  suggested?: string | readonly string[] | null;
  /** Errors that name one label (`labels[i]` of a set), shown with it. */
  labelErrors?: Partial<Record<string, string>>;
  onSelect: (name: string) => void;
  legend: string;
  error?: string | undefined;
  disabled?: boolean;
}) {
  const errorId = useId();
  const keys = new Map(activeLabelKeys(useShortcutMap(), labels).map(({ label, key }) => [label.name, key]));
  return (
    <fieldset className="label-picker plain" aria-describedby={error ? errorId : undefined}>
      <legend>{legend}</legend>
      <div className="label-buttons">
        {labels.map((label) => {
          const color = label.color ?? NO_COLOR;
          const pressed = typeof selected === 'string' ? selected === label.name : (selected?.includes(label.name) ?? false);
          const isSuggested = typeof suggested === 'string' ? suggested === label.name : (suggested?.includes(label.name) ?? false);
          const problem = labelErrors[label.name];
          const key = keys.get(label.name);
          const style = { '--label-color': color, '--label-text': textColorOn(color) } as CSSProperties;
          return (
            <button
              key={label.name}
              type="button"
              className="label-button"
              style={style}
              aria-pressed={pressed}
              aria-keyshortcuts={key?.toUpperCase()}
              data-label={label.name}
              data-suggested={isSuggested || undefined}
              aria-invalid={problem ? true : undefined}
              aria-describedby={problem ? `${errorId}-${labels.indexOf(label)}` : undefined}
              disabled={disabled}
              onClick={() => onSelect(label.name)}
            >
              <span className="label-swatch" aria-hidden="true" />
              <span className="label-name">{label.name}</span>{' '}
              {isSuggested && <span className="label-suggested">suggested</span>}{' '}
              {key && <kbd>{keyLabel(key)}</kbd>}
            </button>
          );
        })}
      </div>
      {Object.entries(labelErrors).map(([name, message]) => (
        <small key={name} id={`${errorId}-${labels.findIndex((l) => l.name === name)}`} className="field-error">
          {name}: {message}
        </small>
      ))}
      {error && (
        <small id={errorId} className="field-error">
          {error}
        </small>
      )}
    </fieldset>
  );
}
