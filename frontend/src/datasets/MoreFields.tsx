/* Form fields that ui/Field.tsx does not have yet: multi-line text and checkbox, with the same error placement. */
import { useId, type InputHTMLAttributes, type TextareaHTMLAttributes } from 'react';

/** A labelled multi-line input with its hint and error (like ui/Field's TextField). */
export function TextAreaField({
  label,
  error,
  hint,
  ...textarea
}: { label: string; error?: string | null | undefined; hint?: string } & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = useId();
  const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy || undefined} {...textarea} />
      {hint && (
        <small id={`${id}-hint`} className="hint">
          {hint}
        </small>
      )}
      {error && (
        <small id={`${id}-error`} className="field-error">
          {error}
        </small>
      )}
    </div>
  );
}

/** A labelled checkbox with its error. */
export function CheckboxField({
  label,
  error,
  ...input
}: { label: string; error?: string | null | undefined } & Omit<InputHTMLAttributes<HTMLInputElement>, 'type'>) {
  const id = useId();
  return (
    <div className="field field-checkbox">
      <span>
        <input
          id={id}
          type="checkbox"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          {...input}
        />{' '}
        <label htmlFor={id}>{label}</label>
      </span>
      {error && (
        <small id={`${id}-error`} className="field-error">
          {error}
        </small>
      )}
    </div>
  );
}
