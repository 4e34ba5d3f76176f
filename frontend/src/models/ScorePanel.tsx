import { useState } from 'react';
import { useMutation } from 'urql';
import { asSentence } from '../annotate/messages';
import type { JobFieldsFragment } from '../jobs/jobs.generated';
import { LiveJob } from '../jobs/LiveJob';
import { FormMessage } from '../ui/Field';
import { GatedButton } from '../viewer/Gated';
import { useCan } from '../viewer/permissions';
import { ScoreDatasetDocument } from './models.generated';

/**
 * ADMIN (train_model): batch scoring of the model's own dataset — the production version gives every
 * unlabelled item a suggestion and an uncertainty — followed live.
 */
export function ScorePanel({ model, hasProduction }: { model: string; hasProduction: boolean }) {
  const can = useCan('TRAIN_MODEL');
  const [{ fetching }, score] = useMutation(ScoreDatasetDocument);
  const [job, setJob] = useState<JobFieldsFragment | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  async function start() {
    setError(null);
    setDone(null);
    const outcome = (await score({ datasetId: model })).data?.scoreDataset;
    if (!outcome) return;
    switch (outcome.__typename) {
      case 'ScoringJobSuccess':
        setJob(outcome.job);
        break;
      case 'DatasetNotFoundError':
      case 'ModelNotFoundError':
      case 'NoProductionVersionError':
        setError(asSentence(outcome.message));
        break;
    }
  }

  return (
    <section className="card" aria-labelledby="score-title">
      <div className="card-header">
        <h2 id="score-title">Batch scoring</h2>
        <GatedButton
          enabled={can.enabled && hasProduction && !fetching}
          reason={can.reason ?? (!hasProduction ? 'no version is in production yet' : null)}
          onClick={() => void start()}
        >
          Score unlabelled items
        </GatedButton>
      </div>
      <p className="muted">
        The production version scores every unlabelled item of dataset <code>{model}</code>: each gets the model’s
        suggestion and an uncertainty, and the uncertainty queue hands out the most doubtful items first.
      </p>
      {job && (
        <LiveJob
          key={job.id}
          job={job}
          onFinished={(finished) =>
            setDone(finished.state === 'SUCCEEDED' ? 'Scored: the suggestions are on the items.' : null)
          }
        />
      )}
      <FormMessage error={error} success={done} />
    </section>
  );
}
