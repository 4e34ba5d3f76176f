import { useMemo, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { useTitle } from '../app/useTitle';
import { useDatasetContext } from '../datasets/datasetContext';
import type { DatasetFieldsFragment } from '../graphql/shared/items.generated';
import { describeError } from '../graphql/errors';
import { FormMessage, SelectField } from '../ui/Field';
import { splitErrors, type SplitErrors } from '../ui/fieldErrors';
import { sentence } from '../ui/format';
import { CanButton } from '../viewer/Gated';
import { useCan } from '../viewer/permissions';
import { ParamFields } from './ParamFields';
import { initialValues, paramField, paramsInput, type Defaults, type ParamValues } from './params';
import { runPath, runsPath } from './paths';
import {
  ModelTypeDefaultsDocument,
  ModelTypesDocument,
  StartTrainingDocument,
  type ModelType,
  type ModelTypesQuery,
} from './training.generated';
import { EMPTY_TRAINING_SET, trainingSetInput, type TrainingSetState } from './trainingSet';
import { TrainingSetEditor } from './TrainingSetEditor';
import { SavedSets, useTrainingSets } from './SavedSets';
import { ValidationFields, validationInput, VALIDATION_FIELDS, type ValidationValues } from './ValidationFields';

type ModelTypeSpec = ModelTypesQuery['modelTypes'][number];

const NO_ERRORS: SplitErrors = { fields: {}, form: null };

/**
 * `/datasets/:id/train`: the training form, built from `modelTypes(kind, taskType)` (the model types that train the
 * dataset's kind and task type); ADMIN only can start (train_model).
 */
export function TrainPage() {
  const { dataset } = useDatasetContext();
  useTitle(`Train · ${dataset.name}`);
  const variables = { kind: dataset.kind, taskType: dataset.taskType };
  const [{ data, error }] = useQuery({ query: ModelTypesDocument, variables });
  const [{ data: defaultsData, error: defaultsError }] = useQuery({ query: ModelTypeDefaultsDocument, variables });
  const defaults = useMemo<Defaults | null>(() => {
    if (!defaultsData) return null;
    const byType: Defaults = {};
    for (const type of defaultsData.modelTypes) {
      byType[type.type] = Object.fromEntries(type.params.map((param) => [param.name, param.default]));
    }
    return byType;
  }, [defaultsData]);

  const specs = data?.modelTypes.filter((spec) => spec.kind === dataset.kind) ?? [];
  const [setId, setSetId] = useState<string | null>(null);
  return (
    <>
      <section className="card training-form" aria-labelledby="train-title">
        <div className="card-header">
          <h2 id="train-title">Train a model</h2>
          <Link to={runsPath(dataset.id)}>All training runs of {dataset.name}</Link>
        </div>
        {!data && (error ? <p role="alert">Cannot load the model types: {describeError(error)}</p> : <p role="status">Loading the model types…</p>)}
        {data && specs.length === 0 && <p>No model type trains on {dataset.kind} {dataset.taskType} datasets yet.</p>}
        {data && specs.length > 0 && (
          <>
            {defaultsError && !defaults && (
              <p className="notice" role="note">
                The API did not send the parameters’ defaults: empty fields are left to the API, which fills in each
                default.
              </p>
            )}
            <TrainingForm dataset={dataset} specs={specs} defaults={defaults} setId={setId} onSetChange={setSetId} />
          </>
        )}
      </section>
      <SavedSets dataset={dataset} chosen={setId} onChoose={setSetId} />
    </>
  );
}

function TrainingForm({
  dataset,
  specs,
  defaults,
  setId,
  onSetChange,
}: {
  dataset: DatasetFieldsFragment;
  specs: readonly ModelTypeSpec[];
  defaults: Defaults | null;
  /** The saved training set to train on (null: the filter of the form). */
  setId: string | null;
  onSetChange: (setId: string | null) => void;
}) {
  const { sets } = useTrainingSets(dataset.id);
  const savedSet = sets.find((set) => set.id === setId) ?? null;
  const navigate = useNavigate();
  const can = useCan('TRAIN_MODEL');
  const [{ fetching }, startTraining] = useMutation(StartTrainingDocument);
  const [modelType, setModelType] = useState<ModelType>(specs[0]!.type);
  const [edited, setEdited] = useState<Partial<Record<ModelType, ParamValues>>>({});
  const [validation, setValidation] = useState<ValidationValues>({ method: 'HOLDOUT', testFraction: '0.2', folds: '5' });
  const [minAgreement, setMinAgreement] = useState('');
  const [trainingSet, setTrainingSet] = useState<TrainingSetState>(EMPTY_TRAINING_SET);
  const [errors, setErrors] = useState<SplitErrors>(NO_ERRORS);
  const [emptyError, setEmptyError] = useState<string | null>(null);

  const spec = specs.find((s) => s.type === modelType) ?? specs[0]!;
  const initial = useMemo(() => initialValues(spec.params, defaults?.[spec.type]), [spec, defaults]);
  const values = edited[spec.type] ?? initial;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const checked = validationInput(validation, minAgreement);
    if ('problems' in checked) {
      setErrors({ fields: checked.problems, form: null });
      return;
    }
    const result = await startTraining({
      datasetId: dataset.id,
      modelType: spec.type,
      params: paramsInput(spec.params, values),
      trainingSet: savedSet ? null : trainingSetInput(trainingSet),
      validation: checked.validation,
      minAgreement: savedSet ? null : checked.minAgreement,
      trainingSetId: savedSet?.id ?? null,
    });
    const outcome = result.data?.startTraining;
    if (!outcome) return; // the toast shows what went wrong
    switch (outcome.__typename) {
      case 'TrainingRunSuccess':
        setErrors(NO_ERRORS);
        navigate(runPath(outcome.run.datasetId, outcome.run.id));
        return;
      case 'ValidationError':
        setEmptyError(null);
        setErrors(
          splitErrors(outcome, ['modelType', ...spec.params.map((p) => paramField(p.name)), ...VALIDATION_FIELDS, ...TRAINING_SET_FIELDS, 'trainingSetId']),
        );
        return;
      case 'EmptyTrainingSetError':
        setErrors(NO_ERRORS);
        setEmptyError(outcome.message);
        return;
      case 'DatasetNotFoundError':
      case 'TrainingSetNotFoundError':
        setEmptyError(null);
        setErrors({ fields: {}, form: `${sentence(outcome.message)}.` });
        return;
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Train a model" className="dataset-form">
      <fieldset disabled={!can.enabled} className="plain training-fields">
        <fieldset className="model-fields">
          <legend>Model</legend>
          <SelectField
            label="Model type"
            value={spec.type}
            hint={
              <>
                {spec.description}
                {/metric point/i.test(spec.description) ? '' : ` One metric point per ${spec.curve}.`}
              </>
            }
            error={errors.fields.modelType}
            onChange={(event) => setModelType(event.target.value as ModelType)}
          >
            {specs.map((s) => (
              <option key={s.type} value={s.type}>
                {s.title} ({s.type})
              </option>
            ))}
          </SelectField>
          <ParamFields
            key={spec.type}
            specs={spec.params}
            values={values}
            initial={initial}
            errors={errors.fields}
            onChange={(next) => setEdited((all) => ({ ...all, [spec.type]: next }))}
          />
        </fieldset>
        <ValidationFields
          values={validation}
          onChange={setValidation}
          minAgreement={minAgreement}
          onMinAgreementChange={setMinAgreement}
          errors={errors.fields}
          agreementFromSet={savedSet !== null}
        />
        <SelectField
          label="Training data"
          value={savedSet?.id ?? ''}
          hint={
            savedSet
              ? 'The saved set’s filter, label rule and minimum agreement; the run freezes the items it matches now.'
              : 'The filter below; or choose a saved training set.'
          }
          error={errors.fields.trainingSetId}
          onChange={(event) => onSetChange(event.target.value || null)}
        >
          <option value="">The filter below</option>
          {sets.map((set) => (
            <option key={set.id} value={set.id}>
              Saved set: {set.name}
            </option>
          ))}
        </SelectField>
        {!savedSet && (
          <TrainingSetEditor
            dataset={dataset}
            value={trainingSet}
            onChange={(next) => {
              setTrainingSet(next);
              setEmptyError(null);
            }}
            errors={errors.fields}
            emptyError={emptyError}
          />
        )}
        {savedSet && emptyError && (
          <p className="form-error" role="alert">
            No labelled item matches the saved set “{savedSet.name}”: {sentence(emptyError)}
          </p>
        )}
      </fieldset>
      <FormMessage error={errors.form} />
      <div className="actions">
        <CanButton permission="TRAIN_MODEL" type="submit" disabled={fetching}>
          {fetching ? 'Starting…' : 'Start training'}
        </CanButton>
      </div>
    </form>
  );
}

const TRAINING_SET_FIELDS = ['trainingSet', 'trainingSet.text', 'trainingSet.statuses', 'trainingSet.labels', 'trainingSet.hasGoldLabel'];
