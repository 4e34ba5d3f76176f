import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useMutation } from 'urql';
import { FormMessage, SelectField, TextField } from '../ui/Field';
import { splitErrors, type SplitErrors } from '../ui/fieldErrors';
import { CanButton } from '../viewer/Gated';
import type { TaskType } from '../graphql/schema.generated';
import { CreateDatasetDocument, type DatasetKind } from './datasets.generated';
import { TASK_TYPES } from './taskTypes';
import { labelFieldNames, labelInputs, LabelRowsEditor, newLabelRow, type LabelRow } from './LabelRowsEditor';
import { SETTINGS_FIELDS, SettingsFields, settingsInput, type SettingsValues } from './SettingsFields';

const NO_ERRORS: SplitErrors = { fields: {}, form: null };

/** ADMIN: a new dataset with its labels and settings; on success, its page. */
export function CreateDatasetForm({ onCancel }: { onCancel: () => void }) {
  const navigate = useNavigate();
  const [{ fetching }, createDataset] = useMutation(CreateDatasetDocument);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<DatasetKind>('TEXT');
  const [taskType, setTaskType] = useState<TaskType>('SINGLE_LABEL');
  const [rows, setRows] = useState<LabelRow[]>(() => {
    const first = newLabelRow([]);
    return [first, newLabelRow([first.color])];
  });
  const [settings, setSettings] = useState<SettingsValues>({
    instructions: '',
    overlapTarget: '1',
    blind: false,
    queueOrder: 'RANDOM',
  });
  const [errors, setErrors] = useState<SplitErrors>(NO_ERRORS);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = await createDataset({
      input: { name, kind, taskType, labels: labelInputs(rows), ...settingsInput(settings) },
    });
    const outcome = result.data?.createDataset;
    if (!outcome) return; // the toast shows what went wrong
    switch (outcome.__typename) {
      case 'DatasetSuccess':
        setErrors(NO_ERRORS);
        navigate(`/datasets/${encodeURIComponent(outcome.dataset.id)}`);
        return;
      case 'ValidationError':
        setErrors(splitErrors(outcome, ['name', 'kind', 'taskType', ...labelFieldNames(rows.length), ...SETTINGS_FIELDS]));
        return;
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate className="dataset-form" aria-label="Create a dataset">
      <div className="inline-form">
        <TextField
          label="Name"
          value={name}
          required
          autoComplete="off"
          hint="Its slug becomes the dataset's id."
          error={errors.fields.name}
          onChange={(event) => setName(event.target.value)}
        />
        <SelectField
          label="Kind"
          value={kind}
          error={errors.fields.kind}
          onChange={(event) => {
            const next = event.target.value as DatasetKind;
            setKind(next);
            if (next !== 'TEXT' && taskType === 'SPANS') setTaskType('SINGLE_LABEL');
          }}
        >
          <option value="TEXT">TEXT — items are texts</option>
          <option value="TABULAR">TABULAR — numeric records</option>
        </SelectField>
        <SelectField
          label="Task"
          value={taskType}
          error={errors.fields.taskType}
          hint="Fixed once the dataset is created."
          onChange={(event) => setTaskType(event.target.value as TaskType)}
        >
          {TASK_TYPES.filter((option) => kind === 'TEXT' || option.value !== 'SPANS').map((option) => (
            <option key={option.value} value={option.value}>
              {option.text}
            </option>
          ))}
        </SelectField>
      </div>
      <LabelRowsEditor rows={rows} onChange={setRows} errors={errors.fields} />
      <SettingsFields values={settings} onChange={setSettings} errors={errors.fields} />
      <FormMessage error={errors.form} />
      <div className="actions">
        <CanButton permission="MANAGE_DATASETS" type="submit" disabled={fetching}>
          {fetching ? 'Creating…' : 'Create dataset'}
        </CanButton>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
