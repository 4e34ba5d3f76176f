import { useEffect, useRef, type RefObject } from 'react';
import { commandForKey, noneOfTheseKey, normalizeKey, type ShortcutMap } from './keyMap';
import type { WorkSession } from './workSession';

interface LabelKey {
  name: string;
  hotkey?: string | null;
}

/** Where typing goes: keys pressed there are text, never commands. */
const EDITABLE = 'input, textarea, select, [contenteditable]:not([contenteditable="false"])';
/** Enter on these activates them (the browser's own behaviour): the workspace leaves it alone. */
const ACTIVATABLE = 'button, a[href], summary';

/**
 * The workspace keys, on the whole document, as the viewer's map says (keyMap.ts; by default a label's hotkey
 * selects it, Enter submits, S skips, U undoes, ← and → walk this session's items, / goes to the note). Never
 * while typing in a field (Escape leaves the note, see NoteField), never with Ctrl, Alt or ⌘ (the browser's
 * shortcuts), and a held key does not repeat a decision. A changed map applies to the next key press.
 */
export function useQueueKeys(
  session: WorkSession,
  labels: readonly LabelKey[],
  note: RefObject<HTMLTextAreaElement | null>,
  shortcuts: ShortcutMap,
  /** MULTI_LABEL: the "none of these" key (keyMap's noneOfTheseKey) toggles it. */
  noneOfThese = false,
): void {
  const latest = useRef({ session, labels, note, shortcuts, noneOfThese });
  useEffect(() => {
    latest.current = { session, labels, note, shortcuts, noneOfThese };
  });
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
      const target = event.target instanceof Element ? event.target : null;
      if (target?.closest(EDITABLE)) return;
      // Enter (and Space) on these activate them, whatever the map says: the workspace leaves them alone.
      if ((event.key === 'Enter' || event.key === ' ') && target?.closest(ACTIVATABLE)) return;
      const { session: current, labels: labelList, note: noteField, shortcuts: map } = latest.current;
      const command = commandForKey(map, labelList, event.key);
      const noneKey = latest.current.noneOfThese ? noneOfTheseKey(map, labelList) : null;
      if (!command && noneKey !== null && normalizeKey(event.key) === noneKey && !event.repeat) {
        event.preventDefault();
        current.toggleNone();
        return;
      }
      if (!command) return;
      // A held arrow walks on; a held letter must not repeat a decision.
      const walks = command.kind === 'action' && (command.action === 'previous' || command.action === 'next');
      if (event.repeat && !walks) return;
      event.preventDefault();
      if (command.kind === 'label') {
        current.select(command.label);
        return;
      }
      switch (command.action) {
        case 'submit':
          void current.submit();
          return;
        case 'skip':
          current.skip();
          return;
        case 'undo':
          void current.undo();
          return;
        case 'previous':
          current.back();
          return;
        case 'next':
          current.forward();
          return;
        case 'note':
          noteField.current?.focus();
          return;
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
}
