import { TextField } from '../ui/Field';
import type { SplitErrors } from '../ui/fieldErrors';
import { PALETTE } from './labelColors';

/** One row of the label editor; `existing` labels (already on the dataset) cannot be renamed or removed. */
export interface LabelRow {
  key: number;
  name: string;
  hotkey: string;
  color: string;
  existing: boolean;
}

let nextKey = 1;

/** The first palette colour no row uses yet (the palette again from the start when all are used). */
function freeColor(used: readonly string[]): string {
  const taken = new Set(used.map((color) => color.toLowerCase()));
  return PALETTE.find((color) => !taken.has(color)) ?? PALETTE[used.length % PALETTE.length]!;
}

/** A new empty row, or the row of an existing label; a label without a colour gets a free one. */
export function newLabelRow(
  usedColors: readonly string[],
  from?: { name: string; hotkey: string | null; color: string | null },
): LabelRow {
  return {
    key: nextKey++,
    name: from?.name ?? '',
    hotkey: from?.hotkey ?? '',
    color: from?.color ?? freeColor(usedColors),
    existing: Boolean(from),
  };
}

/** Rows for a dataset's labels, in order. */
export function rowsOf(labels: readonly { name: string; hotkey: string | null; color: string | null }[]): LabelRow[] {
  const rows: LabelRow[] = [];
  const colors = labels.flatMap((label) => (label.color ? [label.color] : []));
  for (const label of labels) {
    const row = newLabelRow(colors, label);
    if (!label.color) colors.push(row.color);
    rows.push(row);
  }
  return rows;
}

/** The API's field names for the label rows: `labels`, `labels[0].name`, `labels[0].hotkey`… */
export function labelFieldNames(count: number): string[] {
  const names = ['labels'];
  for (let i = 0; i < count; i++) names.push(`labels[${i}].name`, `labels[${i}].hotkey`, `labels[${i}].color`);
  return names;
}

/** LabelInput values of the rows (empty hotkeys are no hotkey). */
export function labelInputs(rows: readonly LabelRow[]) {
  return rows.map((row) => ({ name: row.name.trim(), hotkey: row.hotkey.trim() || null, color: row.color }));
}

/** Label rows (name, hotkey, colour) with add and remove; each row's errors next to its inputs. */
export function LabelRowsEditor({
  rows,
  onChange,
  errors,
  disabled = false,
}: {
  rows: readonly LabelRow[];
  onChange: (rows: LabelRow[]) => void;
  errors: SplitErrors['fields'];
  disabled?: boolean;
}) {
  const update = (index: number, change: Partial<LabelRow>) =>
    onChange(rows.map((row, i) => (i === index ? { ...row, ...change } : row)));
  return (
    <fieldset className="label-rows" disabled={disabled}>
      <legend>Labels</legend>
      <p className="hint">Hotkeys: one letter or digit each, not S or U (skip and undo).</p>
      {errors.labels && <p className="field-error">{errors.labels}</p>}
      {rows.map((row, i) => (
        <fieldset key={row.key} className="label-row">
          <legend>Label {i + 1}</legend>
          <TextField
            label="Name"
            value={row.name}
            readOnly={row.existing}
            required
            maxLength={64}
            hint={row.existing ? 'Existing labels keep their name.' : undefined}
            error={errors[`labels[${i}].name`]}
            onChange={(event) => update(i, { name: event.target.value })}
          />
          <TextField
            label="Hotkey"
            value={row.hotkey}
            maxLength={1}
            size={2}
            error={errors[`labels[${i}].hotkey`]}
            onChange={(event) => update(i, { hotkey: event.target.value })}
          />
          <TextField
            label="Colour"
            type="color"
            value={row.color}
            error={errors[`labels[${i}].color`]}
            onChange={(event) => update(i, { color: event.target.value })}
          />
          {!row.existing && (
            <button
              type="button"
              className="secondary"
              aria-label={`Remove label ${i + 1}`}
              disabled={rows.length <= 1}
              onClick={() => onChange(rows.filter((_, j) => j !== i))}
            >
              Remove
            </button>
          )}
        </fieldset>
      ))}
      <button type="button" className="secondary" onClick={() => onChange([...rows, newLabelRow(rows.map((row) => row.color))])}>
        Add label
      </button>
    </fieldset>
  );
}
