import { Link } from 'react-router';
import { formatDateTime } from '../ui/format';
import { formatDecimal, formatDelta } from '../ui/format';
import { numericEntries } from './format';
import type { ModelVersion } from './modelContext';
import { trainingComparePath } from './paths';

const METRICS = [
  ['accuracy', 'Accuracy'],
  ['macroF1', 'Macro-F1'],
  ['weightedF1', 'Weighted F1'],
  ['loss', 'Log loss'],
] as const;

/** Two versions side by side (older first): figures with the difference, training set, differing parameters. */
export function VersionComparison({ a, b }: { a: ModelVersion; b: ModelVersion }) {
  const labels = [...new Set([...numericEntries(a.run?.labelCounts), ...numericEntries(b.run?.labelCounts)].map(([k]) => k))];
  const countOf = (v: ModelVersion, label: string) => numericEntries(v.run?.labelCounts).find(([k]) => k === label)?.[1];
  const params = differingParams(a.run?.params, b.run?.params);
  const runIds = [a.runId, b.runId].filter((id): id is string => id !== null);
  return (
    <>
      <table aria-label={`Version ${a.version} and version ${b.version}`} className="comparison">
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">Measure</span>
            </th>
            <th scope="col" className="numeric">
              v{a.version}
            </th>
            <th scope="col" className="numeric">
              v{b.version}
            </th>
            <th scope="col" className="numeric">
              v{b.version} − v{a.version}
            </th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Model type</th>
            <td className="numeric">{a.run?.modelType ?? '—'}</td>
            <td className="numeric">{b.run?.modelType ?? '—'}</td>
            <td />
          </tr>
          <tr>
            <th scope="row">Created</th>
            <td className="numeric">{formatDateTime(a.createdAt)}</td>
            <td className="numeric">{formatDateTime(b.createdAt)}</td>
            <td />
          </tr>
          {METRICS.map(([key, title]) => (
            <tr key={key}>
              <th scope="row">{title}</th>
              <td className="numeric">{formatDecimal(a.run?.metrics?.[key])}</td>
              <td className="numeric">{formatDecimal(b.run?.metrics?.[key])}</td>
              <td className="numeric" data-testid={`delta-${key}`}>
                {formatDelta(a.run?.metrics?.[key], b.run?.metrics?.[key])}
              </td>
            </tr>
          ))}
          <tr>
            <th scope="row">Items</th>
            <td className="numeric">{a.run?.itemCount ?? '—'}</td>
            <td className="numeric">{b.run?.itemCount ?? '—'}</td>
            <td className="numeric">{countDelta(a.run?.itemCount, b.run?.itemCount)}</td>
          </tr>
          {labels.map((label) => (
            <tr key={`label-${label}`}>
              <th scope="row">
                <span className="muted">items labelled</span> {label}
              </th>
              <td className="numeric">{countOf(a, label) ?? '—'}</td>
              <td className="numeric">{countOf(b, label) ?? '—'}</td>
              <td className="numeric">{countDelta(countOf(a, label), countOf(b, label))}</td>
            </tr>
          ))}
          {params.map(([param, left, right]) => (
            <tr key={`param-${param}`}>
              <th scope="row">
                <span className="muted">parameter</span> <code>{param}</code>
              </th>
              <td className="numeric">{left}</td>
              <td className="numeric">{right}</td>
              <td />
            </tr>
          ))}
          {params.length === 0 && (
            <tr>
              <th scope="row">Parameters</th>
              <td colSpan={3} className="muted">
                the same
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {runIds.length === 2 && (
        <p>
          <Link to={trainingComparePath(runIds)}>Compare the two training runs</Link> (curves, per-label figures,
          confusion matrices).
        </p>
      )}
    </>
  );
}

function countDelta(a: number | null | undefined, b: number | null | undefined): string {
  if (a === null || a === undefined || b === null || b === undefined) return '—';
  const delta = b - a;
  return delta === 0 ? '±0' : delta > 0 ? `+${delta}` : `−${-delta}`;
}

/** Parameters whose values differ (or exist in one only): [name, a, b] as text. */
function differingParams(a: unknown, b: unknown): [string, string, string][] {
  const left = asRecord(a);
  const right = asRecord(b);
  const keys = [...new Set([...Object.keys(left), ...Object.keys(right)])];
  return keys
    .map((key): [string, string, string] => [key, show(left[key]), show(right[key])])
    .filter(([, x, y]) => x !== y);
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function show(value: unknown): string {
  return value === undefined ? '—' : JSON.stringify(value);
}
