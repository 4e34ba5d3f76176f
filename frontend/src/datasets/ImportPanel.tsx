import { useState, type FormEvent } from 'react';
import { FormMessage, SelectField, TextField } from '../ui/Field';
import { splitErrors, type SplitErrors } from '../ui/fieldErrors';
import { sentence } from '../ui/format';
import { GatedButton } from '../viewer/Gated';
import { useCan } from '../viewer/permissions';
import type { JobFieldsFragment } from '../jobs/jobs.generated';
import { LiveJob } from '../jobs/LiveJob';
import type { DatasetFieldsFragment } from '../graphql/shared/items.generated';
import type { ImportFormat } from './datasets.generated';
import { ARCHIVED_REASON } from './datasetContext';
import { ImportMappingFields, MAPPING_FIELDS, mappingFromForm } from './ImportMappingFields';
import { useImportItems } from './useImportItems';

const NO_ERRORS: SplitErrors = { fields: {}, form: null };

/** ADMIN: upload a JSONL or CSV file, follow the import live, then see the lines it skipped and why. */
export function ImportPanel({
  dataset,
  onStarted,
  onImported,
}: {
  dataset: DatasetFieldsFragment;
  onStarted: () => void;
  onImported: () => void;
}) {
  const can = useCan('MANAGE_DATASETS');
  const enabled = can.enabled && !dataset.archived;
  const reason = can.reason ?? (dataset.archived ? ARCHIVED_REASON : null);
  const [{ fetching }, importItems] = useImportItems();
  const [errors, setErrors] = useState<SplitErrors>(NO_ERRORS);
  const [job, setJob] = useState<JobFieldsFragment | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    // From the input itself: some environments (jsdom) put an empty File into FormData for a picked file.
    const file = (event.currentTarget.elements.namedItem('file') as HTMLInputElement | null)?.files?.[0];
    if (!file) {
      setErrors({ fields: { file: 'Choose a JSONL or CSV file to import.' }, form: null });
      return;
    }
    const format = String(form.get('format') ?? '');
    const outcome = await importItems(
      {
        datasetId: dataset.id,
        format: ['JSONL', 'CSV', 'CONLL'].includes(format) ? (format as ImportFormat) : null,
        mapping: mappingFromForm(form),
      },
      file,
    );
    if (!outcome) return; // the toast shows what went wrong
    switch (outcome.__typename) {
      case 'JobSuccess':
        setErrors(NO_ERRORS);
        setJob(outcome.job);
        onStarted();
        return;
      case 'DatasetNotFoundError':
      case 'DatasetArchivedError':
        setErrors({ fields: {}, form: `${sentence(outcome.message)}.` });
        return;
      case 'ValidationError':
        setErrors(splitErrors(outcome, ['file', 'format', ...MAPPING_FIELDS]));
        return;
    }
  }

  return (
    <section className="card" aria-labelledby="import-title">
      <h2 id="import-title">Import items</h2>
      <p className="muted">
        A JSONL file (one JSON object per line) or a CSV file with a header line, up to 100 MB. Re-importing an id
        updates the item; bad lines are skipped and listed.
      </p>
      <form onSubmit={onSubmit} noValidate aria-label="Import items">
        <fieldset disabled={!enabled} className="plain">
          <div className="inline-form">
            <TextField
              label="File"
              name="file"
              type="file"
              accept={`.jsonl,.ndjson,.json,.csv,.tsv${dataset.taskType === 'SPANS' ? ',.conll,.iob,.bio' : ''}`}
              error={errors.fields.file}
              onChange={() => setErrors(NO_ERRORS)}
            />
            <SelectField label="Format" name="format" defaultValue="" error={errors.fields.format}>
              <option value="">From the file name</option>
              <option value="JSONL">JSONL</option>
              <option value="CSV">CSV</option>
              {dataset.taskType === 'SPANS' && <option value="CONLL">CoNLL (tokens and BIO tags)</option>}
            </SelectField>
          </div>
          <ImportMappingFields kind={dataset.kind} errors={errors.fields} />
        </fieldset>
        <FormMessage error={errors.form} />
        <div className="actions">
          <GatedButton type="submit" enabled={enabled} reason={reason} disabled={fetching}>
            {fetching ? 'Uploading…' : 'Import'}
          </GatedButton>
        </div>
      </form>
      {job && <LiveJob key={job.id} job={job} onFinished={onImported} />}
    </section>
  );
}
