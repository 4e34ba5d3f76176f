import type { ReactNode } from 'react';
import type { Frontier, Notice, WorkState } from './workSession';

/** The outcome of the last action: an error (role=alert), or a success or hint (role=status). */
export function NoticeLine({ notice }: { notice: Notice | null }) {
  const text = notice?.text;
  return (
    <div className="form-message work-notice" aria-live="polite">
      {text && notice.tone === 'error' && (
        <p className="form-error" role="alert">
          {text}
        </p>
      )}
      {text && notice.tone !== 'error' && (
        <p className={notice.tone === 'success' ? 'form-success' : 'notice'} role="status">
          {text}
        </p>
      )}
    </div>
  );
}

/** What is shown past the last item: the queue being asked, nothing left, or why the queue cannot answer. */
export function FrontierView({
  frontier,
  emptyTitle,
  children,
}: {
  frontier: Frontier;
  emptyTitle: string;
  /** Where to go next when the queue is empty (links). */
  children?: ReactNode;
}) {
  switch (frontier.kind) {
    case 'idle':
    case 'loading':
      return (
        <>
          <h2 id="work-item-title" className="visually-hidden">
            Next item
          </h2>
          <p role="status" className="muted">
            Finding the next item…
          </p>
        </>
      );
    case 'empty':
      return (
        <div className="queue-empty">
          <h2 id="work-item-title">{emptyTitle}</h2>
          <p>{frontier.message}</p>
          <p className="muted">
            Press <kbd>S</kbd> to ask the queue again, or <kbd>←</kbd> to go back to the items of this session.
          </p>
          {children}
        </div>
      );
    case 'failed':
      return (
        <div className="queue-empty">
          <h2 id="work-item-title">The queue cannot give an item</h2>
          <p className="form-error" role="alert">
            {frontier.message}
          </p>
        </div>
      );
  }
}

/** "Item 3 of 5 in this session" with the ← / → buttons (the keys do the same). */
export function TrailPosition({
  state,
  onBack,
  onForward,
}: {
  state: WorkState;
  onBack: () => void;
  onForward: () => void;
}) {
  const seen = state.trail.length;
  const last = state.frontier.kind === 'idle' ? seen - 1 : seen;
  const where =
    state.position < seen ? `Item ${state.position + 1} of ${seen} in this session` : `After the ${seen} items of this session`;
  return (
    <nav className="trail" aria-label="Items of this session">
      <button type="button" className="secondary" onClick={onBack} disabled={state.position === 0 || state.busy}>
        <kbd>←</kbd> Previous
      </button>
      <span className="muted" data-testid="trail-position">
        {seen === 0 ? 'No item yet' : where}
      </span>
      <button type="button" className="secondary" onClick={onForward} disabled={state.position >= last || state.busy}>
        Next <kbd>→</kbd>
      </button>
    </nav>
  );
}
