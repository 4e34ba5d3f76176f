import { useEffect, useId, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { describeError } from '../graphql/errors';
import { FormMessage, TextField } from '../ui/Field';
import { splitErrors, type SplitErrors } from '../ui/fieldErrors';
import { formatDecimal } from '../ui/format';
import { CanButton } from '../viewer/Gated';
import { useCan } from '../viewer/permissions';
import { PromotionGateDocument, SetPromotionGateDocument } from './evaluation.generated';

const FIELDS = ['macroF1Tolerance', 'recallDropTolerance'];
const NO_ERRORS: SplitErrors = { fields: {}, form: null };

function tolerance(text: string): number | null {
  const value = Number(text);
  return text.trim() === '' || Number.isNaN(value) || value < 0 || value > 1 ? null : value;
}

/**
 * The model's promotion gate, judged on the evaluation set: how far below production's macro F1 a candidate may be,
 * and how far any label's recall may drop. Everyone who sees the model reads it; an ADMIN (promote_model) sets it.
 */
export function PromotionGateForm({ model }: { model: string }) {
  const id = useId();
  const can = useCan('PROMOTE_MODEL');
  const [{ data, error }, reexecute] = useQuery({ query: PromotionGateDocument, variables: { name: model } });
  const [{ fetching }, save] = useMutation(SetPromotionGateDocument);
  const gate = data?.promotionGate ?? null;
  const [macroF1, setMacroF1] = useState('');
  const [recallDrop, setRecallDrop] = useState('');
  const [errors, setErrors] = useState<SplitErrors>(NO_ERRORS);
  const [saved, setSaved] = useState<string | null>(null);
  useEffect(() => {
    if (!gate) return;
    setMacroF1(String(gate.macroF1Tolerance));
    setRecallDrop(String(gate.recallDropTolerance));
  }, [gate]);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(null);
    const macroF1Tolerance = tolerance(macroF1);
    const recallDropTolerance = tolerance(recallDrop);
    if (macroF1Tolerance === null || recallDropTolerance === null) {
      const message = 'Give a tolerance from 0 to 1, e.g. 0.01.';
      setErrors({
        fields: {
          ...(macroF1Tolerance === null ? { macroF1Tolerance: message } : {}),
          ...(recallDropTolerance === null ? { recallDropTolerance: message } : {}),
        },
        form: null,
      });
      return;
    }
    const outcome = (await save({ name: model, macroF1Tolerance, recallDropTolerance })).data?.setPromotionGate;
    if (!outcome) return;
    if (outcome.__typename === 'ValidationError') {
      setErrors(splitErrors(outcome, FIELDS));
      return;
    }
    setErrors(NO_ERRORS);
    setSaved('Gate saved: the next promotion job applies it.');
    reexecute({ requestPolicy: 'network-only' });
  }

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Promotion gate</h2>
      {error && <p role="alert">Cannot load the gate: {describeError(error)}</p>}
      {!data && !error && <p role="status">Loading the gate…</p>}
      {gate && (
        <p data-testid="gate-state">
          A candidate passes when its macro F1 on the evaluation set is at least production’s minus{' '}
          <strong>{formatDecimal(gate.macroF1Tolerance)}</strong>, and no label’s recall is more than{' '}
          <strong>{formatDecimal(gate.recallDropTolerance)}</strong> below production’s. Otherwise the version waits as a
          proposal for an ADMIN.
        </p>
      )}
      <form onSubmit={(event) => void onSubmit(event)} noValidate className="inline-form" aria-label="Promotion gate">
        <TextField
          label="Macro-F1 tolerance"
          type="number"
          inputMode="decimal"
          min={0}
          max={1}
          step={0.005}
          value={macroF1}
          disabled={!can.enabled || !gate}
          error={errors.fields.macroF1Tolerance}
          onChange={(event) => setMacroF1(event.target.value)}
        />
        <TextField
          label="Recall-drop tolerance"
          type="number"
          inputMode="decimal"
          min={0}
          max={1}
          step={0.01}
          value={recallDrop}
          disabled={!can.enabled || !gate}
          error={errors.fields.recallDropTolerance}
          onChange={(event) => setRecallDrop(event.target.value)}
        />
        <CanButton permission="PROMOTE_MODEL" type="submit" disabled={fetching || !gate}>
          {fetching ? 'Saving…' : 'Save gate'}
        </CanButton>
        <FormMessage error={errors.form} success={saved} />
      </form>
    </section>
  );
}
