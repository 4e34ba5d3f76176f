import type { ReactNode } from 'react';
import { keyLabel, keyOf } from './keyMap';
import { KeyHint, keyShortcutProps, useShortcutMap } from './KeyHint';
import type { Frontier, Notice, WorkState } from './workSession';
import { plural } from '../ui/format';

/**
 * The outcome of the last action ("Labelled …", an error, a hint), in one polite live region that is always in
 * the page: a screen reader says it when the annotator pauses, and the focus stays on the item (WCAG 4.1.3).
 */
export function NoticeLine({ notice, onShow }: { notice: Notice | null; onShow?: (itemId: string) => void }) {
  const text = notice?.text;
  const itemId = notice?.itemId;
  return (
    <div className="form-message work-notice" role="status" aria-live="polite" aria-atomic="true">
      {text && notice.tone === 'error' && (
        <p className="form-error">
          {text}
          {itemId && onShow && (
            <>
              {' '}
              <button type="button" className="secondary" onClick={() => onShow(itemId)}>
                Go back to it
              </button>
            </>
          )}
        </p>
      )}
      {text && notice.tone !== 'error' && <p className={notice.tone === 'success' ? 'form-success' : 'notice'}>{text}</p>}
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
            <AgainHint />
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
    state.position < seen ? `Item ${state.position + 1} of ${seen} in this session` : `After the ${plural(seen, 'item')} of this session`;
  const keys = useShortcutMap();
  return (
    <nav className="trail" aria-label="Items of this session">
      <button
        type="button"
        className="secondary"
        onClick={onBack}
        disabled={state.position === 0 || state.busy}
        {...keyShortcutProps(keys, 'previous')}
      >
        <KeyHint map={keys} action="previous" /> Previous
      </button>
      <span className="muted" data-testid="trail-position">
        {seen === 0 ? 'No item yet' : where}
      </span>
      <button
        type="button"
        className="secondary"
        onClick={onForward}
        disabled={state.position >= last || state.busy}
        {...keyShortcutProps(keys, 'next')}
      >
        Next <KeyHint map={keys} action="next" />
      </button>
    </nav>
  );
}

/** "Press S to ask the queue again, or ← to go back…", with the viewer's keys (the buttons when keys are off). */
function AgainHint() {
  const keys = useShortcutMap();
  const skip = keyOf(keys, 'skip');
  const previous = keyOf(keys, 'previous');
  return (
    <>
      {skip ? (
        <>
          Press <kbd>{keyLabel(skip)}</kbd>
        </>
      ) : (
        'Use Skip'
      )}{' '}
      to ask the queue again, or{' '}
      {previous ? (
        <>
          <kbd>{keyLabel(previous)}</kbd>
        </>
      ) : (
        'Previous'
      )}{' '}
      to go back to the items of this session.
    </>
  );
}
