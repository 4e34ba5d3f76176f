import { useId, type RefObject } from 'react';

/**
 * The optional note (or a reviewer's comment). Keys typed here are text, not commands; Escape leaves the field
 * (focus goes back to the item, where the keys work again), and / in the workspace comes back to it.
 */
export function NoteField({
  label,
  value,
  onChange,
  onLeave,
  error,
  fieldRef,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  onLeave: () => void;
  error?: string | undefined;
  fieldRef: RefObject<HTMLTextAreaElement | null>;
}) {
  const id = useId();
  const described = [`${id}-hint`, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div className="field note-field">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        ref={fieldRef}
        rows={2}
        maxLength={2000}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={described}
        onChange={(event) => onChange(event.target.value)}
        onKeyDown={(event) => {
          if (event.key !== 'Escape') return;
          event.preventDefault();
          event.currentTarget.blur();
          onLeave();
        }}
      />
      <small id={`${id}-hint`} className="hint">
        <kbd>/</kbd> to write, <kbd>Esc</kbd> to leave; keys typed here are text.
      </small>
      {error && (
        <small id={`${id}-error`} className="field-error">
          {error}
        </small>
      )}
    </div>
  );
}
