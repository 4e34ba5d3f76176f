import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { describeError } from '../graphql/errors';
import type { DatasetFieldsFragment } from '../graphql/shared/items.generated';
import {
  CreateTrainingSetDocument,
  DeleteTrainingSetDocument,
  TrainingSetsDocument,
  UpdateTrainingSetDocument,
  type LabelRule,
  type TrainingSetFieldsFragment,
} from '../graphql/shared/trainingSets.generated';
import { FormMessage, SelectField, TextField } from '../ui/Field';
import { splitErrors, type SplitErrors } from '../ui/fieldErrors';
import { sentence } from '../ui/format';
import { CanButton } from '../viewer/Gated';
import { labelRuleTitle } from './RunResults';
import { describeFilter, editableFilter, EMPTY_TRAINING_SET, mergedFilter, type TrainingSetState } from './trainingSet';
import { TrainingSetEditor } from './TrainingSetEditor';

const SETS_CONTEXT = { additionalTypenames: ['TrainingSet'] };
const LABEL_RULES: LabelRule[] = ['GOLD_OR_MAJORITY', 'GOLD_ONLY', 'UNANIMOUS'];
const SET_FIELDS = ['name', 'minAgreement', 'labelRule', 'filter', 'filter.text', 'filter.statuses', 'filter.labels'];
const NO_ERRORS: SplitErrors = { fields: {}, form: null };

/** The dataset's saved training sets, as `trainingSets` lists them (by name). */
export function useTrainingSets(datasetId: string) {
  const [result, refetch] = useQuery({ query: TrainingSetsDocument, variables: { datasetId }, context: SETS_CONTEXT });
  return { sets: result.data?.trainingSets.nodes ?? [], result, refetch };
}

/**
 * The saved training sets of a dataset: listed for everyone who may view models; an ADMIN (train_model) creates,
 * edits and deletes them. "Train from this set" picks one in the training form.
 */
export function SavedSets({
  dataset,
  chosen,
  onChoose,
}: {
  dataset: DatasetFieldsFragment;
  chosen: string | null;
  onChoose: (setId: string | null) => void;
}) {
  const { sets, result, refetch } = useTrainingSets(dataset.id);
  const [editing, setEditing] = useState<TrainingSetFieldsFragment | 'new' | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [, deleteSet] = useMutation(DeleteTrainingSetDocument);
  const reload = () => refetch({ requestPolicy: 'network-only' });

  async function onDelete(set: TrainingSetFieldsFragment) {
    const outcome = (await deleteSet({ id: set.id })).data?.deleteTrainingSet;
    setConfirming(null);
    if (!outcome) return;
    if (chosen === set.id) onChoose(null);
    setMessage(outcome.__typename === 'DeleteTrainingSetSuccess' ? null : sentence(outcome.message));
    reload();
  }

  return (
    <section className="card saved-sets" aria-labelledby="saved-sets-title">
      <div className="card-header">
        <h2 id="saved-sets-title">Saved training sets</h2>
        <CanButton permission="TRAIN_MODEL" onClick={() => setEditing('new')} disabled={editing !== null}>
          New training set
        </CanButton>
      </div>
      {result.error && <p role="alert">Cannot load the training sets: {describeError(result.error)}</p>}
      {result.data && sets.length === 0 && <p>No saved training set yet: a training uses the filter of its form.</p>}
      {sets.length > 0 && (
        <ul className="saved-set-list" aria-label="Saved training sets">
          {sets.map((set) => (
            <li key={set.id} aria-current={chosen === set.id ? 'true' : undefined}>
              <strong>{set.name}</strong>{' '}
              <span className="muted">
                {describeFilter(set.filter)} · {labelRuleTitle(set.labelRule)}
                {set.minAgreement != null ? ` · agreement ≥ ${set.minAgreement}` : ''}
              </span>
              <div className="actions">
                <button type="button" onClick={() => onChoose(set.id)} aria-label={`Train from ${set.name}`}>
                  Train from this set
                </button>
                <CanButton permission="TRAIN_MODEL" onClick={() => setEditing(set)} aria-label={`Edit ${set.name}`}>
                  Edit
                </CanButton>
                {confirming === set.id ? (
                  <>
                    <button type="button" className="danger" onClick={() => onDelete(set)}>
                      Delete “{set.name}”
                    </button>
                    <button type="button" onClick={() => setConfirming(null)}>
                      Keep it
                    </button>
                  </>
                ) : (
                  <CanButton permission="TRAIN_MODEL" onClick={() => setConfirming(set.id)} aria-label={`Delete ${set.name}`}>
                    Delete
                  </CanButton>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      <FormMessage error={message} />
      {editing !== null && (
        <SetForm
          key={editing === 'new' ? 'new' : editing.id}
          dataset={dataset}
          set={editing === 'new' ? null : editing}
          onDone={() => {
            setEditing(null);
            reload();
          }}
        />
      )}
    </section>
  );
}

/** Create (set null) or edit a saved set: name, filter, label rule, minimum agreement. */
function SetForm({
  dataset,
  set,
  onDone,
}: {
  dataset: DatasetFieldsFragment;
  set: TrainingSetFieldsFragment | null;
  onDone: () => void;
}) {
  const initial = set ? editableFilter(set.filter) : { state: EMPTY_TRAINING_SET, kept: {} };
  const [name, setName] = useState(set?.name ?? '');
  const [filter, setFilter] = useState<TrainingSetState>(initial.state);
  const [labelRule, setLabelRule] = useState<LabelRule>(set?.labelRule ?? 'GOLD_OR_MAJORITY');
  const [minAgreement, setMinAgreement] = useState(set?.minAgreement != null ? String(set.minAgreement) : '');
  const [errors, setErrors] = useState<SplitErrors>(NO_ERRORS);
  const [{ fetching: creating }, create] = useMutation(CreateTrainingSetDocument);
  const [{ fetching: updating }, update] = useMutation(UpdateTrainingSetDocument);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const agreement = minAgreement.trim() === '' ? null : Number(minAgreement);
    if (agreement !== null && !Number.isFinite(agreement)) {
      setErrors({ fields: { minAgreement: 'Enter a share between 0 and 1, e.g. 0.66, or leave it empty.' }, form: null });
      return;
    }
    const input = {
      name,
      filter: mergedFilter(filter, initial.kept),
      labelRule,
      minAgreement: labelRule === 'GOLD_OR_MAJORITY' ? agreement : null,
    };
    const result = set ? await update({ id: set.id, input }) : await create({ datasetId: dataset.id, input });
    const outcome = result.data && ('updateTrainingSet' in result.data ? result.data.updateTrainingSet : result.data.createTrainingSet);
    if (!outcome) return; // the toast shows what went wrong
    if (outcome.__typename === 'TrainingSetSuccess') {
      onDone();
      return;
    }
    setErrors(outcome.__typename === 'ValidationError' ? splitErrors(outcome, SET_FIELDS) : { fields: {}, form: sentence(outcome.message) });
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-label={set ? `Edit ${set.name}` : 'New training set'} className="dataset-form">
      <TextField label="Name" value={name} required error={errors.fields.name} onChange={(event) => setName(event.target.value)} />
      <TrainingSetEditor dataset={dataset} value={filter} onChange={setFilter} errors={prefixed(errors.fields)} emptyError={null} />
      <SelectField label="Label rule" value={labelRule} error={errors.fields.labelRule} onChange={(event) => setLabelRule(event.target.value as LabelRule)}>
        {LABEL_RULES.map((rule) => (
          <option key={rule} value={rule}>
            {labelRuleTitle(rule)}
          </option>
        ))}
      </SelectField>
      {labelRule === 'GOLD_OR_MAJORITY' && (
        <TextField
          label="Minimum agreement"
          type="number"
          step="0.01"
          min={0}
          max={1}
          value={minAgreement}
          placeholder="none"
          hint="Optional, 0 to 1: leave out items whose majority label has a smaller share of their annotators."
          error={errors.fields.minAgreement}
          onChange={(event) => setMinAgreement(event.target.value)}
        />
      )}
      <FormMessage error={errors.form} />
      <div className="actions">
        <button type="submit" disabled={creating || updating}>
          {set ? 'Save changes' : 'Save training set'}
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** The filter's field errors (`filter.text`…) under the names the editor shows them by (`trainingSet.text`…). */
function prefixed(fields: Partial<Record<string, string>>): Partial<Record<string, string>> {
  return Object.fromEntries(Object.entries(fields).map(([key, value]) => [key.replace(/^filter/, 'trainingSet'), value]));
}
