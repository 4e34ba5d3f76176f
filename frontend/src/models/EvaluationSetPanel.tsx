import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { asSentence } from '../annotate/messages';
import { describeError } from '../graphql/errors';
import { FormMessage, SelectField, TextField } from '../ui/Field';
import { splitErrors, type SplitErrors } from '../ui/fieldErrors';
import { formatDateTime, plural } from '../ui/format';
import { TableScroll } from '../ui/TableScroll';
import { CanButton } from '../viewer/Gated';
import { useCan } from '../viewer/permissions';
import {
  EvaluationSetDocument,
  FreezeEvaluationSetDocument,
  type EvaluationSetFieldsFragment,
  type FreezeEvaluationSetMutationVariables,
} from './evaluation.generated';

const FIELDS = ['size', 'fraction', 'seed'];
const NO_ERRORS: SplitErrors = { fields: {}, form: null };
type SampleBy = 'size' | 'fraction';

/** The form's values as the mutation's variables, or the field errors that stop it from being sent. */
export function freezeVariables(
  datasetId: string,
  by: SampleBy,
  amount: string,
  seed: string,
): { variables: FreezeEvaluationSetMutationVariables } | { errors: SplitErrors } {
  const value = Number(amount);
  const seedValue = Number(seed);
  const fields: Record<string, string> = {};
  if (by === 'size' && (amount.trim() === '' || !Number.isInteger(value) || value < 1))
    fields.size = 'Give a whole number of items, at least 1, e.g. 200.';
  if (by === 'fraction' && (amount.trim() === '' || Number.isNaN(value) || value <= 0 || value > 0.5))
    fields.fraction = 'Give a share above 0 and at most 0.5, e.g. 0.2.';
  if (seed.trim() === '' || !Number.isInteger(seedValue)) fields.seed = 'Give a whole number, e.g. 0.';
  if (Object.keys(fields).length > 0) return { errors: { fields, form: null } };
  return {
    variables: {
      datasetId,
      size: by === 'size' ? value : null,
      fraction: by === 'fraction' ? value : null,
      seed: seedValue,
    },
  };
}

/**
 * A dataset's evaluation set (the gold-labelled items no training includes, on which every candidate version is
 * scored): what is in force, the sets it replaced, and, for an ADMIN (promote_model), freeze or refreeze. A refreeze
 * replaces the set, so it asks to be confirmed first.
 */
export function EvaluationSetPanel({ datasetId }: { datasetId: string }) {
  const id = useId();
  const can = useCan('PROMOTE_MODEL');
  const [{ data, error }, reexecute] = useQuery({
    query: EvaluationSetDocument,
    variables: { datasetId },
    requestPolicy: 'cache-and-network',
  });
  const [{ fetching }, freeze] = useMutation(FreezeEvaluationSetDocument);
  const [by, setBy] = useState<SampleBy>('fraction');
  const [amount, setAmount] = useState('0.2');
  const [seed, setSeed] = useState('0');
  const [errors, setErrors] = useState<SplitErrors>(NO_ERRORS);
  const [done, setDone] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<FreezeEvaluationSetMutationVariables | null>(null);
  const current = data?.evaluationSet ?? null;
  const form = useRef<HTMLFormElement>(null);
  /** Back to the Freeze / Refreeze button once the confirmation is gone (it held the focus). */
  const refocus = () => form.current?.querySelector<HTMLButtonElement>('button[type="submit"]')?.focus();

  async function send(variables: FreezeEvaluationSetMutationVariables) {
    setConfirming(null);
    const outcome = (await freeze(variables)).data?.freezeEvaluationSet;
    refocus();
    if (!outcome) return;
    switch (outcome.__typename) {
      case 'EvaluationSetSuccess': {
        const set = outcome.evaluationSet;
        setErrors(NO_ERRORS);
        setDone(`Evaluation set ${set.generation} frozen: ${plural(set.size, 'item')} (seed ${set.seed}).`);
        reexecute({ requestPolicy: 'network-only' });
        break;
      }
      case 'ValidationError':
        setErrors(splitErrors(outcome, FIELDS));
        break;
      default:
        setErrors({ fields: {}, form: asSentence(outcome.message) });
    }
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setDone(null);
    const checked = freezeVariables(datasetId, by, amount, seed);
    if ('errors' in checked) {
      setErrors(checked.errors);
      return;
    }
    setErrors(NO_ERRORS);
    if (current) setConfirming(checked.variables);
    else void send(checked.variables);
  }

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Evaluation set of dataset {datasetId}</h2>
      <p className="muted">
        A frozen, seeded sample of the dataset’s gold-labelled items (reviewed, or imported with a label). No training
        includes them, and every promotion job scores the candidate and production on them before applying the gate.
      </p>
      {error && <p role="alert">Cannot load the evaluation set: {describeError(error)}</p>}
      {!data && !error && <p role="status">Loading the evaluation set…</p>}
      {data && !current && (
        <p data-testid="evaluation-set-state">
          <strong>No evaluation set yet:</strong> promotion gates judge on hold-out metrics alone until one is frozen.
        </p>
      )}
      {current && <CurrentSet set={current} />}
      <form ref={form} onSubmit={onSubmit} noValidate className="inline-form" aria-label="Freeze the evaluation set">
        <SelectField
          label="Sample by"
          value={by}
          disabled={!can.enabled}
          onChange={(event) => {
            const next = event.target.value as SampleBy;
            setBy(next);
            setAmount(next === 'size' ? '200' : '0.2');
          }}
        >
          <option value="fraction">Share of the gold items</option>
          <option value="size">Number of items</option>
        </SelectField>
        {by === 'size' ? (
          <TextField
            label="Items"
            type="number"
            inputMode="numeric"
            min={1}
            step={1}
            value={amount}
            disabled={!can.enabled}
            error={errors.fields.size}
            onChange={(event) => setAmount(event.target.value)}
          />
        ) : (
          <TextField
            label="Share"
            type="number"
            inputMode="decimal"
            min={0}
            max={0.5}
            step={0.05}
            value={amount}
            disabled={!can.enabled}
            error={errors.fields.fraction}
            hint="Above 0, at most 0.5"
            onChange={(event) => setAmount(event.target.value)}
          />
        )}
        <TextField
          label="Seed"
          type="number"
          inputMode="numeric"
          step={1}
          value={seed}
          disabled={!can.enabled}
          error={errors.fields.seed}
          hint="Same seed, same sample"
          onChange={(event) => setSeed(event.target.value)}
        />
        <CanButton permission="PROMOTE_MODEL" type="submit" disabled={fetching || confirming !== null}>
          {fetching ? 'Freezing…' : current ? 'Refreeze' : 'Freeze'}
        </CanButton>
        <FormMessage error={errors.form} success={done} />
      </form>
      {confirming && current && (
        <ConfirmRefreeze
          current={current}
          onConfirm={() => void send(confirming)}
          onCancel={() => {
            setConfirming(null);
            setTimeout(refocus);
          }}
        />
      )}
    </section>
  );
}

/** Refreezing replaces the set in force: say so, and wait for a second, explicit click (Esc cancels). */
function ConfirmRefreeze({
  current,
  onConfirm,
  onCancel,
}: {
  current: EvaluationSetFieldsFragment;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const id = useId();
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => confirm.current?.focus(), []);
  return (
    <div
      role="alertdialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-text`}
      className="card"
      onKeyDown={(event) => {
        if (event.key === 'Escape') onCancel();
      }}
    >
      <h3 id={`${id}-title`}>Replace evaluation set {current.generation}?</h3>
      <p id={`${id}-text`}>
        Set {current.generation} ({plural(current.size, 'item')}, frozen by {current.frozenBy}) is replaced: its items may
        be used for training again, and versions scored on it are no longer comparable with new scores. Its record is
        kept below.
      </p>
      <div className="actions">
        <button type="button" className="danger" ref={confirm} onClick={onConfirm}>
          Replace the set
        </button>{' '}
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}

function CurrentSet({ set }: { set: EvaluationSetFieldsFragment }) {
  return (
    <>
      <p data-testid="evaluation-set-state">
        <strong>
          Set {set.generation}: {plural(set.size, 'item')}, seed {set.seed}
        </strong>
        , frozen by {set.frozenBy} on <time dateTime={set.frozenAt}>{formatDateTime(set.frozenAt)}</time>.
      </p>
      <TableScroll label="Evaluation set labels (scrolls sideways)">
        <table aria-label="Evaluation set labels">
          <thead>
            <tr>
              <th scope="col">Label</th>
              <th scope="col" className="numeric">
                Items
              </th>
            </tr>
          </thead>
          <tbody>
            {set.labelCounts.map((c) => (
              <tr key={c.label}>
                <th scope="row">{c.label}</th>
                <td className="numeric">{c.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {set.replaced.length > 0 && (
        <>
          <h3>Replaced sets</h3>
          <ul aria-label="Replaced evaluation sets" className="timeline">
            {set.replaced.map((r) => (
              <li key={r.generation}>
                Set {r.generation}: {plural(r.size, 'item')}, frozen by {r.frozenBy} on{' '}
                <time dateTime={r.frozenAt}>{formatDateTime(r.frozenAt)}</time>, replaced by {r.replacedBy} on{' '}
                <time dateTime={r.replacedAt}>{formatDateTime(r.replacedAt)}</time>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
