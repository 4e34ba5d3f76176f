import { Link } from 'react-router';
import { activeLabelKeys, keyLabel, keyOf, shadowedLabelKeys, spokenKey, type ShortcutAction, type ShortcutMap } from './keyMap';

interface LabelKey {
  name: string;
  hotkey?: string | null;
}

/** The viewer's workspace keys as they act now, always in view (a label without a key can still be clicked). */
export function KeyHelp({
  labels,
  map,
  submit,
  undo = true,
  note = 'note',
  labelVerb = 'choose',
  extra = [],
}: {
  labels: readonly LabelKey[];
  map: ShortcutMap;
  submit: string;
  undo?: boolean;
  note?: string;
  /** What a label key does: choose (one label), toggle (a set), mark the selection as (spans). */
  labelVerb?: string;
  /** Keys of the task type (None of these; the span editor's). */
  extra?: { keys: string[]; what: string }[];
}) {
  const keyed = activeLabelKeys(map, labels);
  const what: [ShortcutAction, string][] = [
    ['submit', submit],
    ['skip', 'skip this item'],
    ...(undo ? ([['undo', 'undo your last label and show that item again']] as [ShortcutAction, string][]) : []),
    ['previous', 'previous item of this session'],
    ['next', 'next item of this session'],
    ['note', `write in the ${note}; Esc leaves it`],
  ];
  const rows: { keys: string[]; what: string }[] = [
    ...(keyed.length > 0 ? [{ keys: keyed.map((k) => k.key), what: `${labelVerb} ${keyed.map((k) => k.label.name).join(' / ')}` }] : []),
    ...what.flatMap(([action, text]) => {
      const key = keyOf(map, action);
      return key ? [{ keys: [key], what: text }] : [];
    }),
    ...extra,
  ];
  const shadowed = shadowedLabelKeys(map, labels);
  return (
    <details className="key-help" open>
      <summary>Keys</summary>
      {rows.length > 0 ? (
        <dl>
          {rows.map((row) => (
            <div key={row.what}>
              <dt>
                {row.keys.map((key, i) => (
                  <span key={key}>
                    {i > 0 && ' '}
                    <kbd>
                      <span aria-hidden="true">{keyLabel(key)}</span>
                      <span className="visually-hidden">{spokenKey(key)}</span>
                    </kbd>
                  </span>
                ))}
              </dt>
              <dd>{row.what}</dd>
            </div>
          ))}
        </dl>
      ) : (
        <p className="muted">Your workspace keys are turned off: use the buttons.</p>
      )}
      {shadowed.map(({ label, action }) => (
        <p key={label.name} className="muted">
          The hotkey of {label.name} is your {action} key: click {label.name} instead, or change your keys.
        </p>
      ))}
      <p>
        <Link to="/account#keyboard-shortcuts">Change or turn off these keys</Link>
      </p>
    </details>
  );
}
