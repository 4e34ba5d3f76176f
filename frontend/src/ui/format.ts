/**
 * The one place where the SPA turns numbers, shares, dates and API enum values into text: every screen calls these,
 * so a figure reads the same everywhere ("59.2 %", "Dec 6, 2026, 10:15 AM", "TF-IDF + SGD"). Numbers and dates
 * follow the viewer's locale; a missing value is "—".
 */

type Maybe = number | null | undefined;

export const MISSING = '—';

function missing(value: Maybe): value is null | undefined {
  return value === null || value === undefined || Number.isNaN(value);
}

const formats = new Map<string, Intl.NumberFormat>();

/** A locale number format with exactly `min`–`max` fraction digits (cached: Intl formats are costly to make). */
function numberFormat(min: number, max: number): Intl.NumberFormat {
  const key = `${min}:${max}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(undefined, { minimumFractionDigits: min, maximumFractionDigits: max });
    formats.set(key, format);
  }
  return format;
}

/** A count: 12345 → "12,345". */
export function formatCount(value: Maybe): string {
  return missing(value) ? MISSING : numberFormat(0, 0).format(value);
}

/** "1 conflict", "2 conflicts", "1,204 items"; `plural` for irregular nouns ("1 entry" / "2 entries"). */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(count)} ${count === 1 ? singular : pluralForm}`;
}

/** A share 0–1 as a percentage with `digits` decimals: 0.5923 → "59.2 %". */
export function formatShare(value: Maybe, digits = 1): string {
  return missing(value) ? MISSING : `${numberFormat(digits, digits).format(value * 100)} %`;
}

/** A measure that is not a share (a loss, a kappa, a PSI) with `digits` decimals: "0.592". */
export function formatDecimal(value: Maybe, digits = 3): string {
  return missing(value) ? MISSING : numberFormat(digits, digits).format(value);
}

/** A number with at most `digits` decimals, no trailing zeros: 42.5, 3. */
export function formatNumber(value: Maybe, digits = 1): string {
  return missing(value) ? MISSING : numberFormat(0, digits).format(value);
}

/** The difference b − a of a metric, signed ("+0.042", "−0.010", "±0.000"). */
export function formatDelta(a: Maybe, b: Maybe, digits = 3): string {
  if (missing(a) || missing(b)) return MISSING;
  const delta = b - a;
  if (Math.abs(delta) < 0.5 * 10 ** -digits) return `±${formatDecimal(0, digits)}`;
  return `${delta > 0 ? '+' : '−'}${formatDecimal(Math.abs(delta), digits)}`;
}

/** Milliseconds: "3.4 ms" below 10, "120 ms" above. */
export function formatMs(value: Maybe): string {
  if (missing(value)) return MISSING;
  return `${value < 10 ? formatDecimal(value, 1) : formatCount(Math.round(value))} ms`;
}

/** Seconds as "2.5 s" or "3 min 20 s". */
export function formatDuration(seconds: Maybe): string {
  if (missing(seconds)) return MISSING;
  if (seconds < 60) return `${formatDecimal(seconds, 1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${formatCount(minutes)} min ${Math.round(seconds - minutes * 60)} s`;
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const date = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const clockSeconds = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

function parse(value: string | Date): Date | null {
  const parsed = value instanceof Date ? value : new Date(value);
  return Number.isNaN(parsed.getTime()) ? null : parsed;
}

/** An API DateTime (ISO 8601) in the viewer's locale and time zone: "Dec 6, 2026, 10:15 AM". */
export function formatDateTime(iso: string): string {
  const parsed = parse(iso);
  return parsed ? dateTime.format(parsed) : iso;
}

/** The day only: "Dec 6, 2026". */
export function formatDate(iso: string): string {
  const parsed = parse(iso);
  return parsed ? date.format(parsed) : iso;
}

/** The time of day only, for chart axes and live logs: "10:15" (or "10:15:03" with seconds). */
export function formatTime(value: string | Date, { seconds = false } = {}): string {
  const parsed = parse(value);
  if (!parsed) return typeof value === 'string' ? value : MISSING;
  return (seconds ? clockSeconds : clock).format(parsed);
}

const MODEL_TYPES: Record<string, string> = {
  TFIDF_LOGISTIC_REGRESSION: 'TF-IDF + logistic regression',
  TFIDF_LINEAR_SVC: 'TF-IDF + linear SVC',
  TFIDF_MULTINOMIAL_NB: 'TF-IDF + multinomial NB',
  TFIDF_SGD: 'TF-IDF + SGD',
  LOGISTIC_REGRESSION: 'Logistic regression',
  RANDOM_FOREST: 'Random forest',
  HIST_GRADIENT_BOOSTING: 'Histogram gradient boosting',
};

/** A model type of the API, as people say it: "TFIDF_SGD" → "TF-IDF + SGD". */
export function modelTypeName(type: string): string {
  return MODEL_TYPES[type] ?? enumName(type);
}

/** Any other API enum value in words: "TRAIN_MODEL" → "train model", "K_FOLD" → "k fold". */
export function enumName(value: string): string {
  return value.toLowerCase().replace(/_/g, ' ');
}

/** "requires the permission …" → "Requires the permission …". */
export function sentence(text: string): string {
  return text ? text[0]!.toUpperCase() + text.slice(1) : text;
}
