import type { ItemSort, ItemStatus } from '../graphql/schema.generated';
import { isItemStatus } from './itemStatus';
import type { ItemFilter } from '../jobs/jobs.generated';

/**
 * What a search asks for, kept in the URL's query string so that a search can be shared and reloaded:
 * `?q=battery&sort=NEWEST&status=REVIEWED&gold=pos&label=neg&annotator=ann&m.source=web&m.source=app&r.score=0.2..0.4`;
 * for spans also `text=paris` (marked text, any label) and `mark=LOC␟paris` (marked as that label).
 * Several values of one facet are alternatives (OR); facets combine (AND).
 */
export interface SearchState {
  query: string;
  sort: ItemSort;
  statuses: ItemStatus[];
  labels: string[];
  goldLabels: string[];
  annotators: string[];
  /** SPANS: marked texts (lower-cased), as any label. */
  spanTexts: string[];
  /** SPANS: label and marked text joined by MARK_SEPARATOR ("LOC␟paris"). */
  spanMarks: string[];
  /** Metadata conditions: key → accepted values, in the order they were chosen. */
  metadata: [key: string, values: string[]][];
  /** Numeric metadata ranges: key → accepted ranges "min..max" (min included, max excluded; a bound may be empty). */
  ranges: [key: string, values: string[]][];
}

/** A facet whose values can be toggled as filter values. */
export type FacetKey =
  | { kind: 'statuses' }
  | { kind: 'labels' }
  | { kind: 'goldLabels' }
  | { kind: 'annotators' }
  | { kind: 'spanTexts' }
  | { kind: 'spanMarks' }
  | { kind: 'metadata'; key: string }
  | { kind: 'range'; key: string };

export const SORTS: readonly { value: ItemSort; label: string }[] = [
  { value: 'RELEVANCE', label: 'Relevance' },
  { value: 'NEWEST', label: 'Newest first' },
  { value: 'OLDEST', label: 'Oldest first' },
  { value: 'EXTERNAL_ID', label: 'Id' },
];

const PARAMS = {
  statuses: 'status',
  labels: 'label',
  goldLabels: 'gold',
  annotators: 'annotator',
  spanTexts: 'text',
  spanMarks: 'mark',
} as const;
/** Between a span's label and its text in a `spanMarks` value (as the API's facet values are read). */
export const MARK_SEPARATOR = '\u241f';

/** "LOC␟paris" → { label: 'LOC', text: 'paris' }. */
export function splitMark(value: string): { label: string; text: string } {
  const at = value.indexOf(MARK_SEPARATOR);
  return at < 0 ? { label: value, text: '' } : { label: value.slice(0, at), text: value.slice(at + 1) };
}
const META = 'm.';
const RANGE = 'r.';

/** "0.2..0.4" → [0.2, 0.4]; an empty side is open (null); null when it is not a range. */
export function parseRange(value: string): [min: number | null, max: number | null] | null {
  const parts = value.split('..');
  if (parts.length !== 2) return null;
  const bounds = parts.map((part) => (part === '' ? null : Number(part)));
  if (bounds.some((b) => b !== null && !Number.isFinite(b)) || bounds.every((b) => b === null)) return null;
  return [bounds[0] ?? null, bounds[1] ?? null];
}

/** A range as the URL and the facet buttons name it: "0.2..0.4". */
export function rangeValue(min: number | null, max: number | null): string {
  return `${min ?? ''}..${max ?? ''}`;
}

function grouped(params: URLSearchParams, prefix: string, valid: (value: string) => boolean) {
  const groups = new Map<string, string[]>();
  for (const [name, value] of params) {
    if (!name.startsWith(prefix) || name.length === prefix.length || !valid(value)) continue;
    const key = name.slice(prefix.length);
    groups.set(key, [...(groups.get(key) ?? []), value]);
  }
  return [...groups];
}

export function readSearchState(params: URLSearchParams): SearchState {
  const sort = params.get('sort');
  return {
    query: params.get('q') ?? '',
    sort: SORTS.some((s) => s.value === sort) ? (sort as ItemSort) : 'RELEVANCE',
    statuses: params.getAll(PARAMS.statuses).filter(isItemStatus),
    labels: params.getAll(PARAMS.labels),
    goldLabels: params.getAll(PARAMS.goldLabels),
    annotators: params.getAll(PARAMS.annotators),
    spanTexts: params.getAll(PARAMS.spanTexts),
    spanMarks: params.getAll(PARAMS.spanMarks).filter((value) => value.includes(MARK_SEPARATOR)),
    metadata: grouped(params, META, () => true),
    ranges: grouped(params, RANGE, (value) => parseRange(value) !== null),
  };
}

export function writeSearchState(state: SearchState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.query) params.set('q', state.query);
  if (state.sort !== 'RELEVANCE') params.set('sort', state.sort);
  for (const kind of ['statuses', 'labels', 'goldLabels', 'annotators', 'spanTexts', 'spanMarks'] as const) {
    for (const value of state[kind]) params.append(PARAMS[kind], value);
  }
  for (const [key, values] of state.metadata) for (const value of values) params.append(`${META}${key}`, value);
  for (const [key, values] of state.ranges) for (const value of values) params.append(`${RANGE}${key}`, value);
  return params;
}

/** The values chosen in one facet. */
export function selectedIn(state: SearchState, facet: FacetKey): readonly string[] {
  if (facet.kind === 'metadata') return state.metadata.find(([key]) => key === facet.key)?.[1] ?? [];
  if (facet.kind === 'range') return state.ranges.find(([key]) => key === facet.key)?.[1] ?? [];
  return state[facet.kind];
}

const flip = <T extends string>(values: readonly T[], value: T): T[] =>
  values.includes(value) ? values.filter((v) => v !== value) : [...values, value];

/** Adds the value to the filter, or removes it when it is there. */
export function toggleFacet(state: SearchState, facet: FacetKey, value: string): SearchState {
  switch (facet.kind) {
    case 'statuses':
      return isItemStatus(value) ? { ...state, statuses: flip(state.statuses, value) } : state;
    case 'labels':
    case 'goldLabels':
    case 'annotators':
    case 'spanTexts':
    case 'spanMarks':
      return { ...state, [facet.kind]: flip(state[facet.kind], value) };
    case 'metadata':
    case 'range': {
      const field = facet.kind === 'metadata' ? 'metadata' : 'ranges';
      const values = flip(selectedIn(state, facet), value);
      const others = state[field].filter(([key]) => key !== facet.key);
      return { ...state, [field]: values.length ? [...others, [facet.key, values]] : others };
    }
  }
}

export function hasFilters(state: SearchState): boolean {
  return (
    state.statuses.length + state.labels.length + state.goldLabels.length + state.annotators.length > 0 ||
    state.spanTexts.length + state.spanMarks.length > 0 ||
    state.metadata.length > 0 ||
    state.ranges.length > 0
  );
}

export function clearFilters(state: SearchState): SearchState {
  return {
    ...state,
    statuses: [],
    labels: [],
    goldLabels: [],
    annotators: [],
    spanTexts: [],
    spanMarks: [],
    metadata: [],
    ranges: [],
  };
}

/**
 * The ItemFilter of the chosen facet values (null: none). `withText` puts the query into `text` too, for
 * operations without a query argument (exportItems).
 */
export function filterOf(state: SearchState, { withText = false } = {}): ItemFilter | null {
  const filter: ItemFilter = {};
  if (withText && state.query.trim()) filter.text = state.query.trim();
  if (state.statuses.length) filter.statuses = state.statuses;
  if (state.labels.length) filter.labels = state.labels;
  if (state.goldLabels.length) filter.goldLabels = state.goldLabels;
  if (state.annotators.length) filter.annotators = state.annotators;
  if (state.spanTexts.length) filter.spanTexts = state.spanTexts;
  if (state.spanMarks.length) filter.spanMarks = state.spanMarks.map(splitMark);
  if (state.metadata.length) filter.metadata = state.metadata.map(([key, values]) => ({ key, values }));
  const ranges = state.ranges.flatMap(([key, values]) =>
    values.flatMap((value) => {
      const bounds = parseRange(value);
      return bounds ? [{ key, min: bounds[0], max: bounds[1] }] : [];
    }),
  );
  if (ranges.length) filter.metadataRanges = ranges;
  return Object.keys(filter).length > 0 ? filter : null;
}
