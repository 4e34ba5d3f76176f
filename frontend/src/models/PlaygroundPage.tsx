import { useId, useState, type FormEvent } from 'react';
import { useClient, useQuery } from 'urql';
import { asSentence } from '../annotate/messages';
import { useTitle } from '../app/useTitle';
import { FormMessage } from '../ui/Field';
import { useModelContext } from './modelContext';
import { PlaygroundSetupDocument } from './models.generated';
import { PredictDocument, type PredictQuery } from '../graphql/shared/models.generated';
import {
  parseInputs,
  placeRowErrors,
  templateRow,
  type InputKind,
  type InputRow,
  type RowProblem,
} from './playgroundInputs';
import { PredictionRows, RowProblems } from './PredictionRows';
import { formatCount, plural } from '../ui/format';

type Answer =
  | { kind: 'problems'; rows: InputRow[]; problems: Map<number, RowProblem[]> }
  | { kind: 'prediction'; rows: InputRow[]; prediction: Extract<PredictQuery['predict'], { __typename: 'Prediction' }> };

const TEXT_EXAMPLE = 'The new processor is twice as fast\nVote for the candidate who listens';

/**
 * Try the production version of a model (permission predict): texts one per line, or records of features as
 * JSON objects one per line; every line is one row of one batch.
 */
export function PlaygroundPage() {
  const { model } = useModelContext();
  useTitle(`Playground · ${model.name}`);
  const id = useId();
  const client = useClient();
  const [{ data: setup }] = useQuery({ query: PlaygroundSetupDocument, variables: { name: model.name } });
  const [text, setText] = useState('');
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  const production = model.versions.find((v) => v.isProduction);
  const kind: InputKind =
    setup?.dataset?.kind ??
    setup?.modelTypes.find((t) => t.type === production?.run?.modelType)?.kind ??
    'TEXT';
  const features = setup?.dataset?.featureNames ?? [];
  const maxBatch = setup?.maxPredictBatch ?? null;

  async function predict(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(null);
    const { rows, problems } = parseInputs(text, kind);
    if (rows.length === 0) {
      setAnswer(null);
      setFormError(kind === 'TEXT' ? 'Write at least one text.' : 'Write at least one JSON object.');
      return;
    }
    if (maxBatch !== null && rows.length > maxBatch) {
      setAnswer(null);
      setFormError(`${plural(rows.length, 'row')}: the API takes at most ${formatCount(maxBatch)} in one batch.`);
      return;
    }
    if (problems.size > 0) {
      setAnswer({ kind: 'problems', rows, problems });
      return;
    }
    setSending(true);
    try {
      const result = await client
        .query(
          PredictDocument,
          // PLAYGROUND: kept out of monitoring and of the feedback loop (docs/models.md)
          { model: model.name, inputs: rows.map((row) => row.input), traffic: 'PLAYGROUND' },
          { requestPolicy: 'network-only' },
        )
        .toPromise();
      const outcome = result.data?.predict;
      if (!outcome) return; // the request failed as a whole: the app's toast says why
      switch (outcome.__typename) {
        case 'Prediction':
          setAnswer({ kind: 'prediction', rows, prediction: outcome });
          break;
        case 'ModelNotFoundError':
        case 'NoProductionVersionError':
          setAnswer(null);
          setFormError(asSentence(outcome.message));
          break;
        case 'ValidationError': {
          const placed = placeRowErrors(outcome.fieldErrors);
          setAnswer(placed.rows.size > 0 ? { kind: 'problems', rows, problems: placed.rows } : null);
          setFormError(placed.form.length > 0 ? placed.form.map(asSentence).join(' ') : placed.rows.size > 0 ? null : asSentence(outcome.message));
          break;
        }
      }
    } finally {
      setSending(false);
    }
  }

  const invalid = answer?.kind === 'problems' || formError !== null;
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Prediction playground</h2>
      {!model.productionVersion && (
        <p className="notice">
          No version of {model.name} is in production yet: promote one on the Versions tab before predicting.
        </p>
      )}
      <form onSubmit={(event) => void predict(event)} noValidate aria-label="Predict">
        <div className="field">
          <label htmlFor={`${id}-inputs`}>
            {kind === 'TEXT' ? 'Texts, one per line' : 'Records, one JSON object of features per line'}
          </label>
          <textarea
            id={`${id}-inputs`}
            className="playground-inputs"
            rows={8}
            value={text}
            spellCheck={kind === 'TEXT'}
            placeholder={kind === 'TEXT' ? TEXT_EXAMPLE : features.length > 0 ? templateRow(features) : '{"feature": 1.5}'}
            aria-invalid={invalid ? true : undefined}
            aria-describedby={`${id}-hint`}
            onChange={(event) => setText(event.target.value)}
          />
          <small id={`${id}-hint`} className="hint">
            Each line is one input of one batch
            {maxBatch !== null ? ` (at most ${formatCount(maxBatch)} lines)` : ''}.
            {kind === 'TABULAR' &&
              (features.length > 0 ? <> Features: {features.map((f, i) => <span key={f}>{i > 0 && ', '}<code>{f}</code></span>)}.</> : ' Give every feature the model was trained on.')}
          </small>
        </div>
        <FormMessage error={formError} />
        <div className="actions">
          <button type="submit" disabled={sending}>
            {sending ? 'Predicting…' : 'Predict'}
          </button>
          {kind === 'TABULAR' && features.length > 0 && (
            <button
              type="button"
              className="secondary"
              onClick={() => setText((current) => `${current}${current && !current.endsWith('\n') ? '\n' : ''}${templateRow(features)}`)}
            >
              Add a row with every feature
            </button>
          )}
        </div>
      </form>
      <div aria-live="polite" className="playground-answer">
        {answer?.kind === 'prediction' && <PredictionRows rows={answer.rows} prediction={answer.prediction} />}
        {answer?.kind === 'problems' && <RowProblems rows={answer.rows} problems={answer.problems} />}
      </div>
    </section>
  );
}
