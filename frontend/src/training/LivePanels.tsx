import { lazy, Suspense, useEffect, useRef } from 'react';
import { NumbersLink } from '../ui/NumbersLink';
import { formatDecimal, formatShare, formatTime } from '../ui/format';
import type { LogLine, MetricPoint } from '../jobs/jobEvents';

const RunChart = lazy(() => import('./RunChart'));

/** What one metric point is: a fold in cross-validation, else a step (epoch, iteration, trees, or the one fit). */
function unitOf(points: readonly MetricPoint[]): string {
  return points.some((point) => point.fold !== null) ? 'fold' : 'step';
}

/**
 * The training curves: loss, accuracy and macro F1 by step, growing as METRIC events arrive. `data-points` on
 * the figure (and the visible count) is the number of points drawn.
 */
export function CurvesPanel({ points, live }: { points: readonly MetricPoint[]; live: boolean }) {
  const unit = unitOf(points);
  return (
    <section className="card" aria-labelledby="curves-title">
      <div className="card-header">
        <h2 id="curves-title">Curves</h2>
        <span className="muted" data-testid="points-count" aria-live="off">
          {points.length} {points.length === 1 ? 'point' : 'points'}
          {live ? ' · live' : ''}
        </span>
      </div>
      <figure
        className="chart run-chart"
        aria-label="Training curves"
        aria-describedby={points.length > 0 ? 'numbers-metric-points' : undefined}
        data-points={points.length}
      >
        <figcaption>
          Validation loss, accuracy and macro F1 by {unit}
          {points.length > 0 && (
            <>
              {' '}
              <NumbersLink target="numbers-metric-points" />
            </>
          )}
        </figcaption>
        {points.length === 0 ? (
          <p className="muted">No metric point yet: the first comes after the first {unit}.</p>
        ) : (
          <Suspense fallback={<p role="status">Loading the chart…</p>}>
            <RunChart points={points} unit={unit} />
          </Suspense>
        )}
      </figure>
      {points.length > 0 && (
        <details className="chart-numbers">
          <summary>The numbers</summary>
          <div className="points-table">
            <table aria-label="Metric points" id="numbers-metric-points" tabIndex={-1}>
              <thead>
                <tr>
                  <th scope="col" className="numeric">
                    {unit === 'fold' ? 'Fold' : 'Step'}
                  </th>
                  <th scope="col" className="numeric">Loss</th>
                  <th scope="col" className="numeric">Accuracy</th>
                  <th scope="col" className="numeric">Macro F1</th>
                </tr>
              </thead>
              <tbody>
                {points.map((point) => (
                  <tr key={`${point.fold ?? ''}-${point.step}`}>
                    <th scope="row" className="numeric">
                      {point.step}
                      {point.total ? ` / ${point.total}` : ''}
                    </th>
                    <td className="numeric">{formatDecimal(point.loss)}</td>
                    <td className="numeric">{formatShare(point.accuracy)}</td>
                    <td className="numeric">{formatShare(point.macroF1)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      )}
    </section>
  );
}

/** The run's log lines and state changes, oldest first; it follows the newest while scrolled to the bottom. */
export function LogsPanel({ lines }: { lines: readonly LogLine[] }) {
  const list = useRef<HTMLOListElement>(null);
  const atBottom = useRef(true);
  useEffect(() => {
    const element = list.current;
    if (element && atBottom.current) element.scrollTop = element.scrollHeight;
  }, [lines.length]);
  return (
    <section className="card" aria-labelledby="logs-title">
      <h2 id="logs-title">Log</h2>
      {lines.length === 0 ? (
        <p className="muted">Nothing logged yet.</p>
      ) : (
        <ol
          className="run-logs"
          ref={list}
          tabIndex={0}
          aria-label="Log lines"
          onScroll={(event) => {
            const element = event.currentTarget;
            atBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < 24;
          }}
        >
          {lines.map((line) => (
            <li key={line.seq} className={`log-line log-${line.level}`} data-seq={line.seq}>
              <time dateTime={line.at}>{formatTime(line.at, { seconds: true })}</time> <span className="log-level">{line.level}</span>{' '}
              <span className="log-text">{line.text}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
