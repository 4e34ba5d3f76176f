import { useEffect, useId, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { asSentence } from '../annotate/messages';
import { FormMessage, SelectField, TextField } from '../ui/Field';
import { splitErrors, type SplitErrors } from '../ui/fieldErrors';
import { CanButton } from '../viewer/Gated';
import { useCan } from '../viewer/permissions';
import { formatShare } from '../ui/format';
import { useModelContext } from './modelContext';
import { FeedbackTargetsDocument, SetFeedbackLoopDocument } from './models.generated';

const FIELDS = ['datasetId', 'threshold'];
const NO_ERRORS: SplitErrors = { fields: {}, form: null };

/**
 * ADMIN (promote_model): send production predictions below a confidence threshold into a dataset, as items to
 * annotate; no dataset turns it off. The form starts from the setting the API keeps (the model's `feedbackLoop`),
 * and the model is read again after a save.
 */
export function FeedbackLoopForm({ model }: { model: string }) {
  const id = useId();
  const can = useCan('PROMOTE_MODEL');
  const { model: registered, refresh } = useModelContext();
  const current = registered.feedbackLoop;
  const [{ data }] = useQuery({ query: FeedbackTargetsDocument, pause: !can.enabled });
  const [{ fetching }, save] = useMutation(SetFeedbackLoopDocument);
  const [datasetId, setDatasetId] = useState(current.datasetId ?? '');
  const [threshold, setThreshold] = useState(String(current.threshold));
  const [errors, setErrors] = useState<SplitErrors>(NO_ERRORS);
  const [saved, setSaved] = useState<string | null>(null);
  useEffect(() => {
    // the setting as read again (after a save, or a change by someone else)
    setDatasetId(current.datasetId ?? '');
    setThreshold(String(current.threshold));
  }, [current.datasetId, current.threshold]);
  const targets = data?.datasets.nodes ?? [];
  const targetName = (target: string) => {
    const dataset = targets.find((d) => d.id === target);
    return dataset && dataset.name !== dataset.id ? `${dataset.name} (${dataset.id})` : target;
  };

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(null);
    const value = Number(threshold);
    if (threshold.trim() === '' || Number.isNaN(value) || value < 0 || value > 1) {
      setErrors({ fields: { threshold: 'Give a confidence between 0 and 1, e.g. 0.6.' }, form: null });
      return;
    }
    const outcome = (await save({ model, datasetId: datasetId || null, threshold: value })).data?.setFeedbackLoop;
    if (!outcome) return;
    switch (outcome.__typename) {
      case 'FeedbackLoopSuccess':
        setErrors(NO_ERRORS);
        refresh();
        setSaved(
          outcome.datasetId
            ? `Feedback loop on: predictions of ${outcome.model} below ${formatShare(outcome.threshold, 0)} confidence go to dataset ${outcome.datasetId}.`
            : `Feedback loop off for ${outcome.model}.`,
        );
        break;
      case 'DatasetNotFoundError':
        setErrors({ fields: { datasetId: asSentence(outcome.message) }, form: null });
        break;
      case 'ValidationError':
        setErrors(splitErrors(outcome, FIELDS));
        break;
    }
  }

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Feedback loop</h2>
      <p className="muted">
        Production predictions the model is unsure of become items of a dataset, for annotators to label (each input
        once). Replicas pick a change up within 10 seconds.
      </p>
      <p data-testid="feedback-state">
        <strong>
          {current.datasetId
            ? `On: predictions below ${formatShare(current.threshold)} confidence go to dataset ${targetName(current.datasetId)}.`
            : 'Off.'}
        </strong>
      </p>
      <form onSubmit={(event) => void onSubmit(event)} noValidate className="inline-form" aria-label="Feedback loop">
        <SelectField
          label="Send to dataset"
          value={datasetId}
          disabled={!can.enabled}
          error={errors.fields.datasetId}
          onChange={(event) => setDatasetId(event.target.value)}
        >
          <option value="">— off —</option>
          {current.datasetId && !targets.some((d) => d.id === current.datasetId) && (
            <option value={current.datasetId}>{current.datasetId}</option>
          )}
          {targets.map((dataset) => (
            <option key={dataset.id} value={dataset.id}>
              {dataset.name === dataset.id ? dataset.id : `${dataset.name} (${dataset.id})`}
            </option>
          ))}
        </SelectField>
        <TextField
          label="Below confidence"
          type="number"
          inputMode="decimal"
          min={0}
          max={1}
          step={0.05}
          value={threshold}
          disabled={!can.enabled}
          error={errors.fields.threshold}
          onChange={(event) => setThreshold(event.target.value)}
        />
        <CanButton permission="PROMOTE_MODEL" type="submit" disabled={fetching}>
          {fetching ? 'Saving…' : 'Save feedback loop'}
        </CanButton>
        <FormMessage error={errors.form} success={saved} />
      </form>
    </section>
  );
}
