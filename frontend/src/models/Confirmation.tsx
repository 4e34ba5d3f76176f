import { useEffect } from 'react';

const SHOWN_MS = 10_000;

/**
 * A short-lived success message (announced politely), e.g. after a promotion: in the flow of the page where its owner
 * puts it, so it never covers the tables below it.
 */
export function Confirmation({ message, onDismiss }: { message: string | null; onDismiss: () => void }) {
  useEffect(() => {
    if (!message) return undefined;
    const timer = setTimeout(onDismiss, SHOWN_MS);
    return () => clearTimeout(timer);
  }, [message, onDismiss]);
  return (
    <div className="confirmations" aria-live="polite">
      {message && (
        <div className="confirmation" role="status">
          <p>{message}</p>
          <button type="button" className="link-button" onClick={onDismiss} aria-label="Dismiss confirmation">
            ×
          </button>
        </div>
      )}
    </div>
  );
}
