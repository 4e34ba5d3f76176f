import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import {
  ACTIONS,
  DEFAULT_SHORTCUTS,
  duplicateKeys,
  NAMED_KEYS,
  normalizeKey,
  type ShortcutAction,
  type ShortcutMap,
} from '../annotate/keyMap';
import { useShortcutMap } from '../annotate/KeyHint';
import { FormMessage, TextField } from '../ui/Field';
import { splitErrors, type SplitErrors } from '../ui/fieldErrors';
import { UpdateKeyboardShortcutsDocument } from './account.generated';

const ACTION_NAMES: Record<ShortcutAction, string> = {
  submit: 'Submit (or set the gold label)',
  skip: 'Skip',
  undo: 'Undo',
  previous: 'Previous item',
  next: 'Next item',
  note: 'Go to the note',
};
const FIELDS = ACTIONS.map((action) => `shortcuts.${action}`);
const NO_ERRORS: SplitErrors = { fields: {}, form: null };
const KEY_HINT = `One character, or ${NAMED_KEYS.join(', ')}. Empty: no key.`;

/** The form's text for a key ('' for none), and back. */
const shown = (key: string | null) => key ?? '';
const parsed = (text: string) => (text.trim() === '' ? null : text.trim().length === 1 ? normalizeKey(text.trim()) : text.trim());

/**
 * Your keys on the annotate and review pages (WCAG 2.1.4): turn them all off, turn off the datasets' label
 * hotkeys, or give each action another key (or none). Stored with your account; the workspace uses them at once.
 */
export function KeyboardShortcutsForm() {
  const stored = useShortcutMap();
  const [draft, setDraft] = useState<ShortcutMap>(() => pick(stored));
  const [texts, setTexts] = useState<Record<ShortcutAction, string>>(() => textsOf(stored));
  const [errors, setErrors] = useState<SplitErrors>(NO_ERRORS);
  const [done, setDone] = useState(false);
  const [{ fetching }, update] = useMutation(UpdateKeyboardShortcutsDocument);

  async function save(map: ShortcutMap) {
    setDone(false);
    const duplicates = duplicateKeys(map);
    if (Object.keys(duplicates).length > 0) {
      setErrors({ fields: Object.fromEntries(Object.entries(duplicates).map(([a, m]) => [`shortcuts.${a}`, m])), form: null });
      return;
    }
    setErrors(NO_ERRORS);
    const result = await update({ shortcuts: map });
    const outcome = result.data?.updateKeyboardShortcuts;
    if (!outcome) return;
    switch (outcome.__typename) {
      case 'UpdateKeyboardShortcutsSuccess':
        setDraft(pick(outcome.keyboardShortcuts));
        setTexts(textsOf(outcome.keyboardShortcuts));
        setDone(true);
        return;
      case 'ValidationError':
        setErrors(splitErrors(outcome, FIELDS));
        return;
      default:
        setErrors({ fields: {}, form: outcome.message });
    }
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const keys = Object.fromEntries(ACTIONS.map((action) => [action, parsed(texts[action])])) as Record<ShortcutAction, string | null>;
    void save({ ...draft, ...keys });
  }

  return (
    <section className="card" aria-labelledby="keyboard-shortcuts-title" id="keyboard-shortcuts">
      <h2 id="keyboard-shortcuts-title">Keyboard shortcuts</h2>
      <p className="muted">
        The keys of the annotate and review pages. They act only outside text fields, and every one of them has a
        button too.
      </p>
      <form onSubmit={onSubmit} noValidate className="stack">
        <label className="checkbox">
          <input type="checkbox" checked={draft.enabled} onChange={(event) => setDraft({ ...draft, enabled: event.target.checked })} />
          Use keyboard shortcuts
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={draft.labelHotkeys}
            disabled={!draft.enabled}
            onChange={(event) => setDraft({ ...draft, labelHotkeys: event.target.checked })}
          />
          Label hotkeys (each dataset sets its own)
        </label>
        <fieldset className="plain key-fields" disabled={!draft.enabled}>
          <legend>Keys</legend>
          {ACTIONS.map((action) => (
            <TextField
              key={action}
              label={ACTION_NAMES[action]}
              name={action}
              value={texts[action]}
              onChange={(event) => setTexts({ ...texts, [action]: event.target.value })}
              autoComplete="off"
              spellCheck={false}
              maxLength={12}
              hint={action === 'submit' ? KEY_HINT : undefined}
              error={errors.fields[`shortcuts.${action}`]}
            />
          ))}
        </fieldset>
        <FormMessage error={errors.form} success={done ? 'Keyboard shortcuts saved: the workspace uses them now.' : null} />
        <div className="actions">
          <button type="submit" disabled={fetching}>
            Save keys
          </button>
          <button type="button" className="secondary" disabled={fetching} onClick={() => void save(DEFAULT_SHORTCUTS)}>
            Restore the default keys
          </button>
        </div>
      </form>
    </section>
  );
}

function pick(map: ShortcutMap): ShortcutMap {
  const { enabled, labelHotkeys, submit, skip, undo, previous, next, note } = map;
  return { enabled, labelHotkeys, submit, skip, undo, previous, next, note };
}

function textsOf(map: ShortcutMap): Record<ShortcutAction, string> {
  return Object.fromEntries(ACTIONS.map((action) => [action, shown(map[action])])) as Record<ShortcutAction, string>;
}
