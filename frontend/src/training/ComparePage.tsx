import { lazy, Suspense, useMemo, useState, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { useTitle } from '../app/useTitle';
import { describeError } from '../graphql/errors';
import { SelectField } from '../ui/Field';
import { NumbersLink } from '../ui/NumbersLink';
import { TableScroll } from '../ui/TableScroll';
import type { ComparedCurve, CurveMetric } from './CompareChart';
import { runPath, runsPath } from './paths';
import { asRecord } from './RunResults';
import { formatDecimal, formatDuration, formatShare, modelTypeName } from '../ui/format';
import { RunStateBadge } from './RunState';
import { CompareTrainingRunsDocument, type CompareTrainingRunsQuery } from './training.generated';

const CompareChart = lazy(() => import('./CompareChart'));

type ComparedRun = CompareTrainingRunsQuery['compareTrainingRuns'][number];

const COLORS = ['#2f54c6', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#7f7f7f'];
const METRICS: readonly { value: CurveMetric; label: string }[] = [
  { value: 'macroF1', label: 'Macro F1' },
  { value: 'accuracy', label: 'Accuracy' },
  { value: 'loss', label: 'Loss' },
];

/** The run ids of `?ids=a,b,c`, in that order, each once. */
export function idsOf(params: URLSearchParams): string[] {
  const ids = (params.get('ids') ?? '').split(',').map((id) => id.trim()).filter(Boolean);
  return [...new Set(ids)];
}

/** `/training/compare?ids=a,b,c`: the runs' curves overlaid (one metric at a time) and their figures side by side. */
export function ComparePage() {
  useTitle('Compare training runs');
  const [params] = useSearchParams();
  const ids = useMemo(() => idsOf(params), [params]);
  const [{ data, error }] = useQuery({ query: CompareTrainingRunsDocument, variables: { ids }, pause: ids.length === 0 });
  const runs = data?.compareTrainingRuns;
  const missing = runs ? ids.filter((id) => !runs.some((run) => run.id === id)) : [];
  const back = runs?.[0] ? runsPath(runs[0].datasetId) : '/training';

  return (
    <section aria-labelledby="compare-title" className="compare">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to={back}>Training runs</Link> <span aria-hidden="true">/</span> <span>Compare</span>
      </nav>
      <h1 id="compare-title">Compare training runs</h1>
      {ids.length === 0 && <p>Choose the runs to compare in a list of training runs.</p>}
      {ids.length > 0 && !runs && (error ? <p role="alert">Cannot load the runs: {describeError(error)}</p> : <p role="status">Loading the runs…</p>)}
      {missing.length > 0 && <p className="notice">Not found: {missing.join(', ')}.</p>}
      {runs && runs.length > 0 && (
        <>
          <CompareCurves runs={runs} />
          <CompareTable runs={runs} />
        </>
      )}
    </section>
  );
}

function CompareCurves({ runs }: { runs: readonly ComparedRun[] }) {
  const [metric, setMetric] = useState<CurveMetric>('macroF1');
  const curves: ComparedCurve[] = runs.map((run, i) => ({
    runId: run.id,
    name: `${run.id} (${modelTypeName(run.modelType)})`,
    color: COLORS[i % COLORS.length]!,
    points: run.curves,
  }));
  const label = METRICS.find((m) => m.value === metric)!.label;
  const points = curves.reduce((sum, curve) => sum + curve.points.length, 0);
  return (
    <section className="card" aria-labelledby="compare-curves-title">
      <div className="card-header">
        <h2 id="compare-curves-title">Curves</h2>
        <SelectField label="Metric" value={metric} onChange={(event) => setMetric(event.target.value as CurveMetric)}>
          {METRICS.map((m) => (
            <option key={m.value} value={m.value}>
              {m.label}
            </option>
          ))}
        </SelectField>
      </div>
      <figure
        className="chart"
        aria-label={`${label} by step, one line per run`}
        aria-describedby="numbers-runs"
        data-lines={curves.length}
        data-points={points}
      >
        <figcaption>
          {label} by step, one line per run <NumbersLink target="numbers-runs">The final figures, as a table</NumbersLink>
        </figcaption>
        {points === 0 ? (
          <p className="muted">These runs have no metric points.</p>
        ) : (
          <Suspense fallback={<p role="status">Loading the chart…</p>}>
            <CompareChart curves={curves} metric={metric} label={label} />
          </Suspense>
        )}
      </figure>
    </section>
  );
}

interface Row {
  name: string;
  values: ReactNode[];
  /** Compared as text: whether the runs differ here. */
  keys: string[];
}

function row(name: string, runs: readonly ComparedRun[], value: (run: ComparedRun) => unknown, show?: (run: ComparedRun) => ReactNode): Row {
  return {
    name,
    keys: runs.map((run) => JSON.stringify(value(run) ?? null)),
    values: runs.map((run) => (show ? show(run) : String(value(run) ?? '—'))),
  };
}

/** The runs side by side; rows where they differ are marked (and say so to screen readers). */
function CompareTable({ runs }: { runs: readonly ComparedRun[] }) {
  const paramNames = [...new Set(runs.flatMap((run) => Object.keys(asRecord(run.params))))];
  const rows: Row[] = [
    row('State', runs, (r) => r.state, (r) => <RunStateBadge state={r.state} />),
    row('Dataset', runs, (r) => r.datasetId),
    row('Model type', runs, (r) => r.modelType, (r) => modelTypeName(r.modelType)),
    row('Accuracy', runs, (r) => r.metrics?.accuracy, (r) => formatShare(r.metrics?.accuracy)),
    row('Macro F1', runs, (r) => r.metrics?.macroF1, (r) => formatShare(r.metrics?.macroF1)),
    row('Weighted F1', runs, (r) => r.metrics?.weightedF1, (r) => formatShare(r.metrics?.weightedF1)),
    row('Log loss', runs, (r) => r.metrics?.loss, (r) => formatDecimal(r.metrics?.loss)),
    row('Model version', runs, (r) => r.modelVersion),
    row('Items', runs, (r) => r.itemCount),
    row('Data hash', runs, (r) => r.dataHash, (r) => (r.dataHash ? <code title={r.dataHash}>{r.dataHash.slice(0, 12)}…</code> : '—')),
    row('Training set', runs, (r) => r.trainingSet, (r) => <code>{JSON.stringify(r.trainingSet)}</code>),
    row('Validation', runs, (r) => r.validationMethod),
    row('Minimum agreement', runs, (r) => r.minAgreement),
    row('Duration', runs, (r) => r.durationSeconds, (r) => formatDuration(r.durationSeconds)),
    row('Created by', runs, (r) => r.createdBy),
    ...paramNames.map((name) =>
      row(name, runs, (r) => asRecord(r.params)[name], (r) => {
        const params = asRecord(r.params);
        return name in params ? <code>{JSON.stringify(params[name])}</code> : '—';
      }),
    ),
  ];
  return (
    <section className="card" aria-labelledby="compare-table-title">
      <h2 id="compare-table-title">Side by side</h2>
      <p className="muted">Rows where the runs differ are highlighted.</p>
      <TableScroll label="Runs side by side (scrolls sideways)">
        <table className="compare-table" aria-label="Runs side by side" id="numbers-runs" tabIndex={-1}>
          <thead>
            <tr>
              <td />
              {runs.map((run) => (
                <th key={run.id} scope="col">
                  <Link to={runPath(run.datasetId, run.id)}>
                    <code>{run.id}</code>
                  </Link>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r, index) => {
              const differs = new Set(r.keys).size > 1;
              return (
                <tr key={`${index}-${r.name}`} className={differs ? 'differs' : undefined} data-differs={differs}>
                  <th scope="row">
                    {index >= rows.length - paramNames.length ? <code>{r.name}</code> : r.name}
                    {differs && <span className="visually-hidden"> (differs)</span>}
                  </th>
                  {r.values.map((value, i) => (
                    <td key={runs[i]!.id}>{value}</td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableScroll>
    </section>
  );
}
