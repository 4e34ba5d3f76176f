import type { ModelType, RunState } from './training.generated';

/** A run's state as a badge (the job-state colours). */
export function RunStateBadge({ state }: { state: RunState }) {
  return (
    <span className={`job-state job-state-${state}`} data-testid="run-state">
      {state}
    </span>
  );
}

/** "TFIDF_SGD" → "TFIDF SGD" (the select shows the titles; tables the types, shorter). */
export function modelTypeName(type: ModelType): string {
  return type.replace(/_/g, ' ');
}

const percent = new Intl.NumberFormat(undefined, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
const decimal = new Intl.NumberFormat(undefined, { minimumFractionDigits: 3, maximumFractionDigits: 3 });

/** A share (accuracy, F1…) as a percentage, "—" when unknown. */
export function formatShare(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : percent.format(value);
}

/** A loss (or any measure that is not a share) with three decimals, "—" when unknown. */
export function formatNumber(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : decimal.format(value);
}

/** Seconds as "2.5 s" or "3 min 20 s". */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
}
