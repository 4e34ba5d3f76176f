import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from 'react';

interface FieldProps {
  label: string;
  /** Shown under the input, linked with aria-describedby; marks the input invalid. */
  error?: string | null | undefined;
  hint?: ReactNode;
}

function describedBy(errorId: string, hintId: string, error: FieldProps['error'], hint: ReactNode) {
  return [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined;
}

/** A labelled input with its hint and its error message. */
export function TextField({ label, error, hint, ...input }: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(`${id}-error`, `${id}-hint`, error, hint)}
        {...input}
      />
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

/** A labelled select with its error message. */
export function SelectField({
  label,
  error,
  hint,
  children,
  ...select
}: FieldProps & SelectHTMLAttributes<HTMLSelectElement>) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(`${id}-error`, `${id}-hint`, error, hint)}
        {...select}
      >
        {children}
      </select>
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

/**
 * A form-level error (role=alert) or success (role=status) line. The live region is always rendered, so that
 * screen readers announce a message that appears in it.
 */
export function FormMessage({ error, success }: { error?: string | null; success?: string | null }) {
  return (
    <div className="form-message" aria-live="polite">
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : success ? (
        <p className="form-success" role="status">
          {success}
        </p>
      ) : null}
    </div>
  );
}
