import { lazy, Suspense, useEffect, useState } from 'react';
import { useQuery } from 'urql';
import { useTitle } from '../app/useTitle';
import { describeError } from '../graphql/errors';
import { SelectField } from '../ui/Field';
import { ChallengerPanel } from './ChallengerPanel';
import { FeedbackLoopForm } from './FeedbackLoopForm';
import { formatCount, formatDateTime, formatDecimal, formatMs, formatTime } from '../ui/format';
import { jensenShannonReading, psiLevel, psiReading } from './format';
import { useModelContext } from './modelContext';
import type { PredictionSource } from '../graphql/schema.generated';
import { ModelMonitoringDocument } from './models.generated';
import { confidenceBuckets, labelShares, minutePoints, type Monitoring } from './monitoringData';
import { ScorePanel } from './ScorePanel';

const MonitoringCharts = lazy(() => import('./MonitoringCharts'));

/** How often the figures are read again while the page is visible. */
export const REFRESH_MS = 10_000;

const PRODUCTION_ONLY: PredictionSource[] = ['PRODUCTION'];
const ALL_TRAFFIC: PredictionSource[] = ['PRODUCTION', 'PLAYGROUND', 'TEST'];

export const WINDOWS = [
  { minutes: 15, label: 'Last 15 minutes' },
  { minutes: 60, label: 'Last hour' },
  { minutes: 1440, label: 'Last 24 hours' },
] as const;

/** How a model is used and whether its predictions drift from its training labels; batch scoring; feedback loop. */
export function MonitoringPage() {
  const { model } = useModelContext();
  useTitle(`Monitoring · ${model.name}`);
  const [minutes, setMinutes] = useState<number>(60);
  const [version, setVersion] = useState('');
  const [allTraffic, setAllTraffic] = useState(false);
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: ModelMonitoringDocument,
    variables: { name: model.name, version: version || null, minutes, sources: allTraffic ? ALL_TRAFFIC : PRODUCTION_ONLY },
    requestPolicy: 'cache-and-network',
  });
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null);
  useEffect(() => {
    if (data) setUpdatedAt(new Date());
  }, [data]);
  useEffect(() => {
    const timer = setInterval(() => {
      if (!document.hidden) reexecute({ requestPolicy: 'network-only' });
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reexecute]);

  return (
    <>
      <section className="card" aria-labelledby="monitoring-title" aria-busy={fetching}>
        <div className="card-header">
          <h2 id="monitoring-title">Monitoring</h2>
          <button type="button" className="secondary" onClick={() => reexecute({ requestPolicy: 'network-only' })}>
            Refresh
          </button>
        </div>
        <div className="inline-form monitoring-controls">
          <SelectField label="Window" value={String(minutes)} onChange={(event) => setMinutes(Number(event.target.value))}>
            {WINDOWS.map((w) => (
              <option key={w.minutes} value={w.minutes}>
                {w.label}
              </option>
            ))}
          </SelectField>
          <SelectField label="Version" value={version} onChange={(event) => setVersion(event.target.value)}>
            <option value="">All versions</option>
            {model.versions.map((v) => (
              <option key={v.version} value={v.version}>
                v{v.version}
                {v.isProduction ? ' (production)' : ''}
              </option>
            ))}
          </SelectField>
          <label className="checkbox-inline">
            <input type="checkbox" checked={allTraffic} onChange={(event) => setAllTraffic(event.target.checked)} />
            Include playground and test predictions
          </label>
          <p className="muted updated" aria-live="off">
            {updatedAt ? `Updated ${formatTime(updatedAt, { seconds: true })}; again every ${REFRESH_MS / 1000} s.` : ''}
          </p>
        </div>
        <p className="muted hint">
          Drift compares the predicted labels with the training labels of the chosen version (all versions: the
          production one).
        </p>
        {!data &&
          (error ? <p role="alert">Cannot load the figures: {describeError(error)}</p> : <p role="status">Loading the figures…</p>)}
        {data && <MonitoringBody monitoring={data.modelMonitoring} />}
      </section>
      <ScorePanel model={model.name} hasProduction={model.productionVersion !== null} />
      <FeedbackLoopForm model={model.name} />
      <ChallengerPanel model={model.name} minutes={minutes} />
    </>
  );
}

function MonitoringBody({ monitoring }: { monitoring: Monitoring }) {
  const shares = labelShares(monitoring);
  const leftOut = leftOutTraffic(monitoring);
  return (
    <>
      {leftOut && <p className="muted">{leftOut}</p>}
      <dl className="figures">
        <div>
          <dt>Predictions</dt>
          <dd data-testid="prediction-total">{monitoring.total}</dd>
          <dd className="figure-note">since {formatDateTime(monitoring.since)}</dd>
        </div>
        <div>
          <dt>Latency per row</dt>
          <dd>
            <span title="median">{formatMs(monitoring.latencyP50Ms)}</span>
          </dd>
          <dd className="figure-note">
            p50 · p95 {formatMs(monitoring.latencyP95Ms)} · p99 {formatMs(monitoring.latencyP99Ms)}
          </dd>
        </div>
        {monitoring.enoughData ? (
          <DriftFigures monitoring={monitoring} />
        ) : (
          <div className="drift drift-none">
            <dt>Drift</dt>
            <dd data-testid="psi">—</dd>
            <dd className="figure-note">
              Not enough predictions yet ({formatCount(monitoring.total)} of {formatCount(monitoring.minimumSample)})
            </dd>
          </div>
        )}
      </dl>
      {monitoring.total === 0 ? (
        <p className="muted">No predictions in this window: try the playground, or a longer window.</p>
      ) : (
        <Suspense fallback={<p role="status">Loading the charts…</p>}>
          <MonitoringCharts
            minutes={minutePoints(monitoring)}
            buckets={confidenceBuckets(monitoring)}
            labels={shares}
            numbers={{ minutes: 'numbers-per-minute', buckets: 'numbers-confidence', labels: 'numbers-labels' }}
          />
        </Suspense>
      )}
      <h3>Predictions per version</h3>
      {monitoring.versions.length === 0 ? (
        <p className="muted">None in this window.</p>
      ) : (
        <table aria-label="Predictions per version" className="compact">
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col" className="numeric">
                Predictions
              </th>
            </tr>
          </thead>
          <tbody>
            {monitoring.versions.map((v) => (
              <tr key={v.value}>
                <th scope="row">v{v.value}</th>
                <td className="numeric">{v.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <details className="chart-numbers">
        <summary>The numbers</summary>
        <table aria-label="Predicted and training labels" id="numbers-labels" tabIndex={-1}>
          <thead>
            <tr>
              <th scope="col">Label</th>
              <th scope="col" className="numeric">
                Predicted
              </th>
              <th scope="col" className="numeric">
                Training items
              </th>
            </tr>
          </thead>
          <tbody>
            {shares.map((share) => (
              <tr key={share.label}>
                <th scope="row">{share.label}</th>
                <td className="numeric">{share.predictedCount}</td>
                <td className="numeric">{share.trainingCount}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <table aria-label="Predictions per minute" id="numbers-per-minute" tabIndex={-1}>
          <tbody>
            {minutePoints(monitoring).map((minute) => (
              <tr key={minute.at}>
                <th scope="row">{minute.time}</th>
                <td className="numeric">{minute.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <table aria-label="Confidence histogram" id="numbers-confidence" tabIndex={-1}>
          <tbody>
            {confidenceBuckets(monitoring).map((bucket) => (
              <tr key={bucket.bucket}>
                <th scope="row">{bucket.bucket}</th>
                <td className="numeric">{bucket.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </>
  );
}

/** PSI and Jensen–Shannon with their readings: only once the window holds the minimum sample. */
function DriftFigures({ monitoring }: { monitoring: Monitoring }) {
  return (
    <>
      <div className={`drift drift-${psiLevel(monitoring.psi)}`}>
        <dt>PSI</dt>
        <dd data-testid="psi">{formatDecimal(monitoring.psi)}</dd>
        <dd className="figure-note">{psiReading(monitoring.psi)}</dd>
      </div>
      <div>
        <dt>Jensen–Shannon</dt>
        <dd data-testid="jensen-shannon">{monitoring.jensenShannon === null ? '—' : `${formatDecimal(monitoring.jensenShannon)} bits`}</dd>
        <dd className="figure-note">{jensenShannonReading(monitoring.jensenShannon)}</dd>
      </div>
    </>
  );
}

/** "Left out: 12 playground and 3 test predictions." when the figures count production traffic only. */
function leftOutTraffic(monitoring: Monitoring): string | null {
  const parts = monitoring.bySource
    .filter((s) => !monitoring.sources.includes(s.value as PredictionSource) && s.count > 0)
    .map((s) => `${s.count} ${s.value.toLowerCase()}`);
  if (parts.length === 0) return null;
  return `Left out: ${parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : parts[0]} predictions.`;
}
