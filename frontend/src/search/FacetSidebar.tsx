import { useId, useState, type FormEvent, type ReactNode } from 'react';
import type { DatasetFieldsFragment, SearchQuery } from '../graphql/shared/items.generated';
import { NamedLabelChip } from '../datasets/LabelChips';
import { MARK_SEPARATOR, parseRange, rangeValue, selectedIn, splitMark, type FacetKey, type SearchState } from './searchState';

type Results = Extract<SearchQuery['search'], { __typename: 'SearchResults' }>;
type Counts = readonly { value: string; count: number }[];

/**
 * Facet counts over all matches; a click on a value adds it to the filter, another click removes it. Values of one
 * facet are alternatives: each is counted without the facet's own choice, so a chosen value leaves the others to add.
 * Numeric metadata comes as ranges ("0.2 – 0.4"). A chosen value stays listed (with 0 when nothing matches any more)
 * so that it can be removed again. Spans (shown when something was marked, or a span filter is chosen): the label facet
 * counts entity labels, "Marked text" the marked texts (any label, any case; a text can be typed too) and "Marked as"
 * the label/text pairs, e.g. all items where someone marked "Paris" as LOC.
 */
export function FacetSidebar({
  facets,
  state,
  dataset,
  onToggle,
}: {
  facets: NonNullable<Results['facets']>;
  state: SearchState;
  dataset: DatasetFieldsFragment;
  onToggle: (facet: FacetKey, value: string) => void;
}) {
  const group = (
    title: string,
    facet: FacetKey,
    counts: Counts,
    render?: (value: string) => ReactNode,
    extra?: ReactNode,
  ) => (
    <FacetGroup
      key={`${facet.kind}:${title}`}
      title={title}
      counts={counts}
      selected={selectedIn(state, facet)}
      onToggle={(value) => onToggle(facet, value)}
      render={render}
      extra={extra}
    />
  );
  const chip = (value: string) => <NamedLabelChip name={value} labels={dataset.labels} />;
  const spans =
    facets.spanTexts.length > 0 || state.spanTexts.length > 0 || state.spanMarks.length > 0 || facets.spanMarks.length > 0;
  const markCounts = facets.spanMarks.map((m) => ({ value: `${m.label}${MARK_SEPARATOR}${m.text}`, count: m.count }));
  const mark = (value: string) => {
    const { label, text } = splitMark(value);
    return (
      <>
        <NamedLabelChip name={label} labels={dataset.labels} /> “{text}”
      </>
    );
  };
  const rangeCounts = (buckets: readonly { min: number; max: number; count: number }[]) =>
    buckets.map((b) => ({ value: rangeValue(b.min, b.max), count: b.count }));
  return (
    <aside className="facets" aria-label="Filters">
      {group('Status', { kind: 'statuses' }, facets.statuses)}
      {group('Gold label', { kind: 'goldLabels' }, facets.goldLabels, chip)}
      {group(spans ? 'Entity label (by anyone)' : 'Label (by anyone)', { kind: 'labels' }, facets.labels, chip)}
      {spans &&
        group(
          'Marked text',
          { kind: 'spanTexts' },
          facets.spanTexts,
          (value) => `“${value}”`,
          <MarkedTextForm onAdd={(value) => onToggle({ kind: 'spanTexts' }, value)} />,
        )}
      {spans && group('Marked as', { kind: 'spanMarks' }, markCounts, mark)}
      {group('Annotator', { kind: 'annotators' }, facets.annotators)}
      {facets.metadata.map((meta) => group(meta.key, { kind: 'metadata', key: meta.key }, meta.values))}
      {state.metadata
        .filter(([key]) => !facets.metadata.some((meta) => meta.key === key))
        .map(([key]) => group(key, { kind: 'metadata', key }, []))}
      {facets.metadataRanges.map((meta) =>
        group(
          meta.key,
          { kind: 'range', key: meta.key },
          rangeCounts(meta.buckets),
          rangeLabel,
          <RangeForm name={meta.key} onAdd={(value) => onToggle({ kind: 'range', key: meta.key }, value)} />,
        ),
      )}
      {state.ranges
        .filter(([key]) => !facets.metadataRanges.some((meta) => meta.key === key))
        .map(([key]) => group(key, { kind: 'range', key }, [], rangeLabel))}
    </aside>
  );
}

function FacetGroup({
  title,
  counts,
  selected,
  onToggle,
  render,
  extra,
}: {
  title: string;
  counts: Counts;
  selected: readonly string[];
  onToggle: (value: string) => void;
  render?: ((value: string) => ReactNode) | undefined;
  extra?: ReactNode;
}) {
  const missing = selected.filter((value) => !counts.some((entry) => entry.value === value));
  const entries = [...counts, ...missing.map((value) => ({ value, count: 0 }))];
  if (entries.length === 0) return null;
  return (
    <section className="facet-group" aria-label={title}>
      <h3>{title}</h3>
      <ul>
        {entries.map(({ value, count }) => (
          <li key={value}>
            <button
              type="button"
              className="facet-value"
              aria-pressed={selected.includes(value)}
              data-value={value}
              onClick={() => onToggle(value)}
            >
              <span className="facet-name">{render ? render(value) : value}</span>
              <span className="visually-hidden">: </span>
              <span className="facet-count">{count}</span>
            </button>
          </li>
        ))}
      </ul>
      {extra}
    </section>
  );
}

const numberFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 6 });

/** "0.2..0.4" → "0.2 – 0.4"; open sides read "below 10" / "10 and above". */
function rangeLabel(value: string): string {
  const bounds = parseRange(value);
  if (!bounds) return value;
  const [min, max] = bounds;
  if (min === null) return `below ${numberFormat.format(max ?? 0)}`;
  if (max === null) return `${numberFormat.format(min)} and above`;
  return `${numberFormat.format(min)} – ${numberFormat.format(max)}`;
}

/** A marked text typed by hand (compared without case), for texts beyond the facet's most frequent. */
function MarkedTextForm({ onAdd }: { onAdd: (value: string) => void }) {
  const [text, setText] = useState('');
  const id = useId();
  const value = text.trim().toLowerCase();
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!value) return;
    onAdd(value);
    setText('');
  }
  return (
    <form className="range-form" onSubmit={submit} aria-label="Find a marked text">
      <label htmlFor={`${id}-text`}>Marked text</label>
      <input id={`${id}-text`} value={text} onChange={(event) => setText(event.target.value)} />
      <button type="submit" className="secondary" disabled={!value} aria-label="Add marked text">
        Add
      </button>
    </form>
  );
}

/** A range of a numeric key typed by hand ("From" included, "To" excluded; either may stay empty). */
function RangeForm({ name, onAdd }: { name: string; onAdd: (value: string) => void }) {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const id = useId();
  const bounds = [from, to].map((text) => (text.trim() === '' ? null : Number(text)));
  const valid = bounds.some((b) => b !== null) && bounds.every((b) => b === null || Number.isFinite(b));
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!valid) return;
    onAdd(rangeValue(bounds[0] ?? null, bounds[1] ?? null));
    setFrom('');
    setTo('');
  }
  return (
    <form className="range-form" onSubmit={submit} aria-label={`Range of ${name}`}>
      <label htmlFor={`${id}-from`}>From</label>
      <input id={`${id}-from`} inputMode="decimal" value={from} onChange={(event) => setFrom(event.target.value)} />
      <label htmlFor={`${id}-to`}>To (excluded)</label>
      <input id={`${id}-to`} inputMode="decimal" value={to} onChange={(event) => setTo(event.target.value)} />
      <button type="submit" className="secondary" disabled={!valid} aria-label={`Add range of ${name}`}>
        Add
      </button>
    </form>
  );
}
