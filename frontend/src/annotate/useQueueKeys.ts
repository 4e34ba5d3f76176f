import { useEffect, useRef, type RefObject } from 'react';
import type { WorkSession } from './workSession';

interface LabelKey {
  name: string;
  hotkey?: string | null;
}

/** Where typing goes: keys pressed there are text, never commands. */
const EDITABLE = 'input, textarea, select, [contenteditable]:not([contenteditable="false"])';
/** Enter on these activates them (the browser's own behaviour): the workspace leaves it alone. */
const ACTIVATABLE = 'button, a[href], summary';

/** The label whose hotkey is `key` (hotkeys are one letter or digit, compared without case, as the API does). */
export function labelForKey<T extends LabelKey>(labels: readonly T[], key: string): T | undefined {
  if (key.length !== 1) return undefined;
  const wanted = key.toLowerCase();
  return labels.find((label) => label.hotkey?.toLowerCase() === wanted);
}

/**
 * The workspace keys, on the whole document: a label's hotkey selects it, Enter submits, S skips, U undoes,
 * ← and → walk this session's items, / goes to the note. Never while typing in a field (Escape leaves the note,
 * see NoteField), never with Ctrl, Alt or ⌘ (the browser's shortcuts), and a held key does not repeat a decision.
 */
export function useQueueKeys(
  session: WorkSession,
  labels: readonly LabelKey[],
  note: RefObject<HTMLTextAreaElement | null>,
): void {
  const latest = useRef({ session, labels, note });
  useEffect(() => {
    latest.current = { session, labels, note };
  });
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
      const target = event.target instanceof Element ? event.target : null;
      if (target?.closest(EDITABLE)) return;
      if (event.key === 'Enter' && target?.closest(ACTIVATABLE)) return;
      const isArrow = event.key === 'ArrowLeft' || event.key === 'ArrowRight';
      if (event.repeat && !isArrow) return;
      if (handle(event.key)) event.preventDefault();
    };
    const handle = (key: string): boolean => {
      const { session: current, labels: labelList, note: noteField } = latest.current;
      const label = labelForKey(labelList, key);
      if (label) {
        current.select(label.name);
        return true;
      }
      switch (key) {
        case 'Enter':
          void current.submit();
          return true;
        case 's':
        case 'S':
          current.skip();
          return true;
        case 'u':
        case 'U':
          void current.undo();
          return true;
        case 'ArrowLeft':
          current.back();
          return true;
        case 'ArrowRight':
          current.forward();
          return true;
        case '/':
          noteField.current?.focus();
          return true;
        default:
          return false;
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
}
