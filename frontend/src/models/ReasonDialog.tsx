import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { FormMessage } from '../ui/Field';
import type { SplitErrors } from '../ui/fieldErrors';

/** The longest reason the API keeps. */
export const MAX_REASON = 2000;
export const REASON_REQUIRED = 'Say why: the reason is kept in the history.';

/**
 * A modal form asking why (promotion, rollback). An empty reason is refused here, without a request; the API's
 * field error on `reason` goes under the text box, anything else on the form's message line. `onSubmit` returns
 * null when the change was made (the dialog is then closed by its owner).
 */
export function ReasonDialog({
  title,
  children,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  title: string;
  children?: ReactNode;
  submitLabel: string;
  onSubmit: (reason: string) => Promise<SplitErrors | null>;
  onCancel: () => void;
}) {
  const id = useId();
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<SplitErrors>({ fields: {}, form: null });
  const [sending, setSending] = useState(false);
  const box = useRef<HTMLTextAreaElement>(null);
  const dialog = useRef<HTMLDivElement>(null);
  const opener = useRef<Element | null>(null);
  const sendingRef = useRef(false);
  const cancel = useRef(onCancel);
  cancel.current = onCancel;

  useEffect(() => {
    opener.current = document.activeElement;
    box.current?.focus();
    return () => {
      // Back to the button that opened the dialog, if it is still there.
      if (opener.current instanceof HTMLElement && opener.current.isConnected) opener.current.focus();
    };
  }, []);

  useEffect(() => {
    // On the document, not the dialog: while sending, the disabled submit button loses the focus (to <body>), and
    // Esc must still close the dialog afterwards.
    function onKeyDown(event: globalThis.KeyboardEvent) {
      if (event.key !== 'Escape' || sendingRef.current) return;
      event.stopPropagation();
      cancel.current();
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const trimmed = reason.trim();
    if (!trimmed) {
      setErrors({ fields: { reason: REASON_REQUIRED }, form: null });
      box.current?.focus();
      return;
    }
    setSending(true);
    sendingRef.current = true;
    try {
      const outcome = await onSubmit(trimmed);
      if (outcome) setErrors(outcome);
    } finally {
      sendingRef.current = false;
      setSending(false);
    }
    // Back into the dialog (the submit button was disabled meanwhile), on the box the message describes.
    if (dialog.current?.isConnected) box.current?.focus();
  }

  const error = errors.fields.reason;
  return (
    <div className="modal-backdrop">
      <div
        className="modal card"
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        ref={dialog}
      >
        <h2 id={`${id}-title`}>{title}</h2>
        {children}
        <form onSubmit={(event) => void submit(event)} noValidate aria-label={title}>
          <div className="field">
            <label htmlFor={`${id}-reason`}>Reason</label>
            <textarea
              id={`${id}-reason`}
              ref={box}
              rows={3}
              value={reason}
              maxLength={MAX_REASON}
              required
              aria-invalid={error ? true : undefined}
              aria-describedby={[error ? `${id}-error` : null, `${id}-hint`].filter(Boolean).join(' ')}
              onChange={(event) => setReason(event.target.value)}
            />
            <small id={`${id}-hint`} className="hint">
              Required; kept in the model’s history for good (up to 2,000 characters).
            </small>
            {error && (
              <small id={`${id}-error`} className="field-error">
                {error}
              </small>
            )}
          </div>
          <FormMessage error={errors.form} />
          <div className="actions">
            <button type="submit" disabled={sending}>
              {sending ? 'Sending…' : submitLabel}
            </button>
            <button type="button" className="secondary" onClick={onCancel} disabled={sending}>
              Cancel
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
