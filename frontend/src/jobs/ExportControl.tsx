import { useState } from 'react';
import { useMutation } from 'urql';
import { useSessionStore } from '../auth/SessionContext';
import { FormMessage, SelectField } from '../ui/Field';
import { splitErrors } from '../ui/fieldErrors';
import { sentence } from '../ui/format';
import { DownloadError, downloadWithToken } from './download';
import { ExportItemsDocument, type ExportFormat, type ItemFilter, type JobFieldsFragment } from './jobs.generated';
import { downloadPathOf } from './jobEvents';
import { LiveJob } from './LiveJob';

interface Message {
  error?: string | null;
  success?: string | null;
}

/**
 * Exports the items matching `filter` (JSONL, CSV, or CoNLL for a SPANS dataset): queues the export, follows its job live and, when it has
 * SUCCEEDED, downloads the file with the viewer's Bearer token. Pages show it only to those who may manage
 * datasets (ADMIN): an export holds every annotator's labels, which blind datasets hide from annotators.
 */
export function ExportControl({
  datasetId,
  filter,
  buttonLabel,
  taskType,
  onFinished: finishedCallback,
}: {
  datasetId: string;
  /** The dataset's task type: a SPANS dataset is also offered CoNLL (tokens and BIO tags). */
  taskType?: string;
  filter: ItemFilter | null;
  buttonLabel: string;
  /** Called once the export job has ended. */
  onFinished?: () => void;
}) {
  const session = useSessionStore();
  const [{ fetching }, exportItems] = useMutation(ExportItemsDocument);
  const [format, setFormat] = useState<ExportFormat>('JSONL');
  const [job, setJob] = useState<JobFieldsFragment | null>(null);
  const [finished, setFinished] = useState<JobFieldsFragment | null>(null);
  const [message, setMessage] = useState<Message>({});

  async function start() {
    setMessage({});
    setJob(null);
    setFinished(null);
    const result = await exportItems({ datasetId, format, filter });
    const outcome = result.data?.exportItems;
    if (!outcome) return; // the toast shows what went wrong
    switch (outcome.__typename) {
      case 'JobSuccess':
        setJob(outcome.job);
        return;
      case 'DatasetNotFoundError':
        setMessage({ error: `${sentence(outcome.message)}.` });
        return;
      case 'ValidationError':
        setMessage({ error: splitErrors(outcome, []).form });
        return;
    }
  }

  async function download(done: JobFieldsFragment) {
    const path = downloadPathOf(done.result);
    if (!path) {
      setMessage({ error: 'The export has no file to download.' });
      return;
    }
    const extension = { CSV: 'csv', CONLL: 'conll', JSONL: 'jsonl' }[format];
    const fallback = `${datasetId}-${done.id}.${extension}`;
    try {
      const name = await downloadWithToken(path, session.getSnapshot().token, fallback);
      setMessage({ success: `Downloaded ${name}.` });
    } catch (error) {
      if (error instanceof DownloadError && error.unauthenticated) session.end('Your session ended: log in again.');
      setMessage({ error: error instanceof Error ? error.message : String(error) });
    }
  }

  function onFinished(done: JobFieldsFragment) {
    setFinished(done);
    finishedCallback?.();
    if (done.state === 'SUCCEEDED') void download(done);
    else setMessage({ error: `The export ended ${done.state}: ${done.message || 'no reason given'}.` });
  }

  return (
    <div className="export-control">
      <div className="inline-form">
        <SelectField
          label="Export format"
          value={format}
          onChange={(event) => setFormat(event.target.value as ExportFormat)}
        >
          <option value="JSONL">JSONL (one JSON object per line)</option>
          <option value="CSV">CSV</option>
          {taskType === 'SPANS' && <option value="CONLL">CoNLL (tokens and BIO tags)</option>}
        </SelectField>
        <button type="button" onClick={start} disabled={fetching}>
          {fetching ? 'Starting export…' : buttonLabel}
        </button>
        {finished?.state === 'SUCCEEDED' && (
          <button type="button" className="secondary" onClick={() => void download(finished)}>
            Download again
          </button>
        )}
      </div>
      {job && <LiveJob key={job.id} job={job} onFinished={onFinished} />}
      <FormMessage error={message.error ?? null} success={message.success ?? null} />
    </div>
  );
}
