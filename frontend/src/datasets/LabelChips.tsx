import { NO_COLOR, textColorOn } from './labelColors';

interface LabelLike {
  name: string;
  hotkey?: string | null;
  color?: string | null;
}

/** One label in its colour, with its hotkey. */
export function LabelChip({ label, showHotkey = false }: { label: LabelLike; showHotkey?: boolean }) {
  const background = label.color ?? NO_COLOR;
  return (
    <span className="chip" style={{ background, color: textColorOn(background) }}>
      {label.name}
      {showHotkey && label.hotkey && (
        <kbd className="chip-key">
          <span className="visually-hidden"> hotkey </span>
          {label.hotkey}
        </kbd>
      )}
    </span>
  );
}

/** A dataset's labels as coloured chips, in display order. */
export function LabelChips({ labels, showHotkeys = false }: { labels: readonly LabelLike[]; showHotkeys?: boolean }) {
  return (
    <ul className="chips" aria-label="Labels">
      {labels.map((label) => (
        <li key={label.name}>
          <LabelChip label={label} showHotkey={showHotkeys} />
        </li>
      ))}
    </ul>
  );
}

/** A label name in the colour the dataset gives it (for gold labels and facets). */
export function NamedLabelChip({ name, labels }: { name: string; labels: readonly LabelLike[] }) {
  return <LabelChip label={labels.find((label) => label.name === name) ?? { name }} />;
}
