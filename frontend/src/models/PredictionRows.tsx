import type { PredictQuery } from '../graphql/shared/models.generated';
import type { InputRow, RowProblem } from './playgroundInputs';
import { formatMs, formatShare, plural } from '../ui/format';

type Prediction = Extract<PredictQuery['predict'], { __typename: 'Prediction' }>;

/** The answer of `predict`: one row per input, with its label, confidence and every label's probability. */
export function PredictionRows({ rows, prediction }: { rows: readonly InputRow[]; prediction: Prediction }) {
  return (
    <>
      <p className="served-by" data-testid="served-by">
        Answered by <strong>version {prediction.version}</strong> on replica <strong>{prediction.replica}</strong> in{' '}
        {formatMs(prediction.latencyMs)} for {plural(rows.length, 'input')}.
      </p>
      <table aria-label="Predictions" className="predictions">
        <thead>
          <tr>
            <th scope="col" className="numeric">
              Line
            </th>
            <th scope="col">Input</th>
            <th scope="col">Label</th>
            <th scope="col">Confidence</th>
            <th scope="col">All probabilities</th>
          </tr>
        </thead>
        <tbody>
          {prediction.rows.map((row, index) => {
            const input = rows[index];
            const probabilities = [...row.probabilities].sort((a, b) => b.probability - a.probability);
            return (
              <tr key={index}>
                <td className="numeric">{input?.line ?? index + 1}</td>
                <td className="input-cell">{input?.source}</td>
                <td>
                  <strong className="predicted-label">{row.label}</strong>
                </td>
                <td>
                  <div className="confidence">
                    <meter min={0} max={1} value={row.confidence} aria-label={`Confidence of line ${input?.line ?? index + 1}`} />
                    <span>{formatShare(row.confidence)}</span>
                  </div>
                </td>
                <td>
                  <details>
                    <summary>{probabilities.length} labels</summary>
                    <ul className="probabilities">
                      {probabilities.map((p) => (
                        <li key={p.label}>
                          <span>{p.label}</span> <span className="numeric">{formatShare(p.probability)}</span>
                        </li>
                      ))}
                    </ul>
                  </details>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}

/** The inputs with the problems of each (nothing was predicted): every row, its problems beside it. */
export function RowProblems({ rows, problems }: { rows: readonly InputRow[]; problems: ReadonlyMap<number, RowProblem[]> }) {
  const count = problems.size;
  return (
    <>
      <p className="form-error" role="alert">
        {count} {count === 1 ? 'row has a problem' : 'rows have problems'}: nothing was predicted. Fix {count === 1 ? 'it' : 'them'} and
        predict again.
      </p>
      <table aria-label="Inputs with problems" className="predictions">
        <thead>
          <tr>
            <th scope="col" className="numeric">
              Line
            </th>
            <th scope="col">Input</th>
            <th scope="col">Problem</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => {
            const rowProblems = problems.get(index) ?? [];
            return (
              <tr key={index} data-line={row.line} data-invalid={rowProblems.length > 0 ? true : undefined}>
                <td className="numeric">{row.line}</td>
                <td className="input-cell">{row.source}</td>
                <td>
                  {rowProblems.length === 0 ? (
                    <span className="muted">fine</span>
                  ) : (
                    <ul className="row-problems">
                      {rowProblems.map((problem, i) => (
                        <li key={i} className="field-error">
                          {problem.feature && <code>{problem.feature}</code>} {problem.message}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}
