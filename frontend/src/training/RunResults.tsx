import type { RunFieldsFragment } from './training.generated';
import { formatDecimal, formatShare, plural } from '../ui/format';
import { MlflowLink } from './MlflowLink';
import { LabelOutcomes } from './LabelOutcomes';
import { overWhite, textColorOn } from '../ui/contrast';
import { TableScroll } from '../ui/TableScroll';

type ConfusionMatrix = NonNullable<RunFieldsFragment['confusionMatrix']>;

/** Final measures, per-label table and confusion matrix of a SUCCEEDED run. */
export function RunResults({ run }: { run: RunFieldsFragment }) {
  return (
    <section className="card" aria-labelledby="results-title">
      <h2 id="results-title">Results</h2>
      <dl className="figures" aria-label="Final metrics">
        <div>
          <dt>Accuracy</dt>
          <dd data-testid="final-accuracy">{formatShare(run.metrics?.accuracy)}</dd>
        </div>
        <div>
          <dt>Macro F1</dt>
          <dd data-testid="final-macro-f1">{formatShare(run.metrics?.macroF1)}</dd>
        </div>
        {run.labelOutcomes.length > 0 && (
          <div>
            <dt>Micro F1</dt>
            <dd data-testid="final-micro-f1">{formatShare(run.metrics?.microF1)}</dd>
          </div>
        )}
        <div>
          <dt>Weighted F1</dt>
          <dd>{formatShare(run.metrics?.weightedF1)}</dd>
        </div>
        <div>
          <dt>Log loss</dt>
          <dd>{formatDecimal(run.metrics?.loss)}</dd>
        </div>
      </dl>
      <p className="muted">
        Measured on {run.validationSize === null ? '— items' : plural(run.validationSize, 'item')}
        {run.validationMethod === 'CROSS_VALIDATION' ? ' (out-of-fold predictions)' : ' held out'}; fitted on{' '}
        {run.trainSize ?? '—'}.
      </p>
      <div className="results-tables">
        {run.classReport.length > 0 && (
          <table aria-label="Per label" className="class-report">
            <caption>Per label</caption>
            <thead>
              <tr>
                <th scope="col">Label</th>
                <th scope="col" className="numeric">Precision</th>
                <th scope="col" className="numeric">Recall</th>
                <th scope="col" className="numeric">F1</th>
                <th scope="col" className="numeric">Support</th>
              </tr>
            </thead>
            <tbody>
              {run.classReport.map((row) => (
                <tr key={row.label}>
                  <th scope="row">{row.label}</th>
                  <td className="numeric">{formatShare(row.precision)}</td>
                  <td className="numeric">{formatShare(row.recall)}</td>
                  <td className="numeric">{formatShare(row.f1)}</td>
                  <td className="numeric">{row.support}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {run.labelOutcomes.length > 0 && <LabelOutcomes outcomes={run.labelOutcomes} />}
        {run.confusionMatrix && (
          <TableScroll label="Confusion matrix (scrolls sideways)">
            <ConfusionMatrixTable matrix={run.confusionMatrix} />
          </TableScroll>
        )}
      </div>
    </section>
  );
}

/**
 * Rows: the true label; columns: the predicted one. A cell's colour is its share of the row (the diagonal is
 * each label's recall), so small labels read as clearly as large ones.
 */
/** The accent colour; a cell shows it at 90 % of its row share, over the card's white. */
const MATRIX_COLOR = '#2f54c6';

function ConfusionMatrixTable({ matrix }: { matrix: ConfusionMatrix }) {
  return (
    <table aria-label="Confusion matrix" className="confusion">
      <caption>Confusion matrix (rows: true label; columns: predicted)</caption>
      <thead>
        <tr>
          <td />
          {matrix.labels.map((label) => (
            <th key={label} scope="col">
              {label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {matrix.matrix.map((row, i) => {
          const total = row.reduce((sum, n) => sum + n, 0);
          return (
            <tr key={matrix.labels[i] ?? i}>
              <th scope="row">{matrix.labels[i]}</th>
              {row.map((count, j) => {
                const share = total > 0 ? count / total : 0;
                const background = overWhite(MATRIX_COLOR, share * 0.9);
                return (
                  <td
                    key={matrix.labels[j] ?? j}
                    className={`numeric cell${i === j ? ' diagonal' : ''}`}
                    style={{ backgroundColor: background, color: textColorOn(background) }}
                    title={`${matrix.labels[i]} predicted as ${matrix.labels[j]}: ${count} of ${total}`}
                  >
                    {count}
                  </td>
                );
              })}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** What the run trained on, and where it is tracked: the lineage the MLflow run and the model version carry too. */
export function RunLineage({ run }: { run: RunFieldsFragment }) {
  const labelCounts = Object.entries(asRecord(run.labelCounts));
  const params = Object.entries(asRecord(run.params));
  return (
    <section className="card" aria-labelledby="lineage-title">
      <h2 id="lineage-title">Lineage</h2>
      <dl className="facts">
        <dt>Model</dt>
        <dd data-testid="model-version">
          {run.modelVersion ? (
            <>
              <code>{run.modelName ?? run.datasetId}</code> version <strong>{run.modelVersion}</strong>
            </>
          ) : (
            <span className="muted">{run.state === 'SUCCEEDED' ? 'Not registered' : 'Registered once the run succeeds'}</span>
          )}
        </dd>
        <dt>MLflow run</dt>
        <dd>
          <MlflowLink experimentId={run.mlflowExperimentId} runId={run.mlflowRunId} />
        </dd>
        <dt>Items</dt>
        <dd data-testid="lineage-items">{run.itemCount ?? '—'}</dd>
        <dt>Items per label</dt>
        <dd>
          {labelCounts.length > 0 ? (
            <ul className="label-counts">
              {labelCounts.map(([label, n]) => (
                <li key={label}>
                  {label}: <strong>{String(n)}</strong>
                </li>
              ))}
            </ul>
          ) : (
            '—'
          )}
        </dd>
        <dt>Data hash</dt>
        <dd data-testid="lineage-data-hash" title="SHA-256 over the frozen items: ids, labels used and content">
          {run.dataHash ? <code className="hash">{run.dataHash}</code> : '—'}
        </dd>
        <dt>Saved training set</dt>
        <dd data-testid="lineage-saved-set">
          {run.trainingSetId ? (
            <>
              {run.trainingSetName ?? run.trainingSetId} <code className="muted">{run.trainingSetId}</code>
            </>
          ) : (
            'none (a filter given at the start)'
          )}
        </dd>
        <dt>Label rule</dt>
        <dd>{labelRuleTitle(run.labelRule)}</dd>
        <dt>Training set</dt>
        <dd>
          <pre className="json">{JSON.stringify(run.trainingSet, null, 2)}</pre>
        </dd>
        <dt>Minimum agreement</dt>
        <dd>{run.minAgreement ?? 'none'}</dd>
        <dt>Validation</dt>
        <dd>{run.validationMethod === 'HOLDOUT' ? 'Hold-out' : 'Cross-validation'}</dd>
        <dt>Parameters</dt>
        <dd>
          <ul className="params">
            {params.map(([name, value]) => (
              <li key={name}>
                <code>{name}</code> = <code>{JSON.stringify(value)}</code>
              </li>
            ))}
          </ul>
        </dd>
      </dl>
    </section>
  );
}

/** A label rule in words (see `LabelRule` in the schema). */
export function labelRuleTitle(rule: string): string {
  switch (rule) {
    case 'GOLD_ONLY':
      return 'Gold labels only';
    case 'UNANIMOUS':
      return 'Gold, else unanimous annotators';
    default:
      return 'Gold, else the majority';
  }
}

export function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
