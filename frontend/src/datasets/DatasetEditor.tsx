import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { FormMessage } from '../ui/Field';
import { splitErrors, type SplitErrors } from '../ui/fieldErrors';
import { sentence } from '../ui/format';
import { CanButton, GatedButton } from '../viewer/Gated';
import { useCan } from '../viewer/permissions';
import { ARCHIVED_REASON } from './datasetContext';
import { UpdateDatasetDocument, type UpdateDatasetMutation } from './datasets.generated';
import type { DatasetFieldsFragment } from '../graphql/shared/items.generated';
import { labelFieldNames, labelInputs, LabelRowsEditor, rowsOf, type LabelRow } from './LabelRowsEditor';
import { SETTINGS_FIELDS, SettingsFields, settingsInput, type SettingsValues } from './SettingsFields';

const NO_ERRORS: SplitErrors = { fields: {}, form: null };
type Outcome = UpdateDatasetMutation['updateDataset'];

/** Field errors and the form message of an `updateDataset` result (null: it succeeded). */
function errorsOf(outcome: Outcome, fields: string[]): SplitErrors | null {
  switch (outcome.__typename) {
    case 'DatasetSuccess':
      return null;
    case 'DatasetNotFoundError':
    case 'DatasetArchivedError':
      return { fields: {}, form: `${sentence(outcome.message)}.` };
    case 'ValidationError':
      return splitErrors(outcome, fields);
  }
}

/** ADMIN: change labels (add, recolour, re-key), instructions and settings; archive or restore. */
export function DatasetEditor({ dataset }: { dataset: DatasetFieldsFragment }) {
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const [{ fetching }, update] = useMutation(UpdateDatasetDocument);
  const [archiveError, setArchiveError] = useState<string | null>(null);
  const can = useCan('MANAGE_DATASETS');

  async function setArchived(archived: boolean) {
    setSaved(null);
    const outcome = (await update({ id: dataset.id, input: { archived } })).data?.updateDataset;
    if (!outcome) return;
    const errors = errorsOf(outcome, []);
    setArchiveError(errors?.form ?? null);
    if (!errors) setSaved(archived ? 'Archived: the dataset is read-only and hidden from the list.' : 'Restored.');
  }

  return (
    <section className="card" aria-labelledby="edit-title">
      <h2 id="edit-title">Manage the dataset</h2>
      <div className="actions">
        {!editing && (
          <GatedButton
            className="secondary"
            enabled={can.enabled && !dataset.archived}
            reason={can.reason ?? (dataset.archived ? ARCHIVED_REASON : null)}
            onClick={() => setEditing(true)}
          >
            Edit labels and settings
          </GatedButton>
        )}
        <CanButton
          permission="MANAGE_DATASETS"
          className={dataset.archived ? 'secondary' : 'danger'}
          disabled={fetching}
          onClick={() => void setArchived(!dataset.archived)}
        >
          {dataset.archived ? 'Restore dataset' : 'Archive dataset'}
        </CanButton>
      </div>
      {editing && !dataset.archived && (
        <EditForm
          dataset={dataset}
          onDone={(message) => {
            setEditing(false);
            setSaved(message);
          }}
        />
      )}
      <FormMessage error={archiveError} success={saved} />
    </section>
  );
}

function EditForm({ dataset, onDone }: { dataset: DatasetFieldsFragment; onDone: (message: string | null) => void }) {
  const [{ fetching }, update] = useMutation(UpdateDatasetDocument);
  const [rows, setRows] = useState<LabelRow[]>(() => rowsOf(dataset.labels));
  const [settings, setSettings] = useState<SettingsValues>({
    instructions: dataset.instructions,
    overlapTarget: String(dataset.settings.overlapTarget),
    blind: dataset.settings.blind,
    queueOrder: dataset.settings.queueOrder,
  });
  const [errors, setErrors] = useState<SplitErrors>(NO_ERRORS);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const input = { labels: labelInputs(rows), ...settingsInput(settings) };
    const outcome = (await update({ id: dataset.id, input })).data?.updateDataset;
    if (!outcome) return;
    const next = errorsOf(outcome, [...labelFieldNames(rows.length), ...SETTINGS_FIELDS]);
    if (next) setErrors(next);
    else onDone('Saved the labels and settings.');
  }

  return (
    <form onSubmit={onSubmit} noValidate className="dataset-form" aria-label="Edit labels and settings">
      <LabelRowsEditor rows={rows} onChange={setRows} errors={errors.fields} />
      <SettingsFields values={settings} onChange={setSettings} errors={errors.fields} />
      <FormMessage error={errors.form} />
      <div className="actions">
        <CanButton permission="MANAGE_DATASETS" type="submit" disabled={fetching}>
          {fetching ? 'Saving…' : 'Save changes'}
        </CanButton>
        <button type="button" className="secondary" onClick={() => onDone(null)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
