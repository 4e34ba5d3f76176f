import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, Navigate, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { useTitle } from '../app/useTitle';
import { useDatasetContext } from '../datasets/datasetContext';
import { describeError } from '../graphql/errors';
import { FormMessage } from '../ui/Field';
import { formatDateTime, sentence } from '../ui/format';
import { CanButton } from '../viewer/Gated';
import { CurvesPanel, LogsPanel } from './LivePanels';
import { runPath, runsPath } from './paths';
import { isFinished, logLinesOf, pointsOf, progressOf } from '../jobs/jobEvents';
import { RunLineage, RunResults } from './RunResults';
import { formatDuration, formatShare, modelTypeName } from '../ui/format';
import { RunStateBadge } from './RunState';
import type { JobEventFieldsFragment } from '../jobs/jobs.generated';
import { CancelTrainingDocument, TrainingRunDocument, type RunFieldsFragment } from './training.generated';
import { useLiveRun } from './useLiveRun';

type LoadedRun = RunFieldsFragment & { events: readonly JobEventFieldsFragment[] };

/** `/datasets/:id/training/:runId`: one run, followed live until it ends, then its results and lineage. */
export function RunPage() {
  const { runId = '' } = useParams();
  const { dataset } = useDatasetContext();
  useTitle(`Training run ${runId}`);
  const [{ data, error }, reexecute] = useQuery({
    query: TrainingRunDocument,
    variables: { id: runId },
    requestPolicy: 'cache-and-network',
  });
  const reload = useCallback(() => reexecute({ requestPolicy: 'network-only' }), [reexecute]);
  if (!data) {
    if (error) return <p role="alert">Cannot load the training run: {describeError(error)}</p>;
    return <p role="status">Loading the training run…</p>;
  }
  const run = data.trainingRun;
  if (!run) {
    return (
      <section className="denied" aria-labelledby="no-run-title">
        <h2 id="no-run-title">No such training run</h2>
        <p>No training run has the id “{runId}”.</p>
        <p>
          <Link to={runsPath(dataset.id)}>The training runs of {dataset.name}</Link>
        </p>
      </section>
    );
  }
  if (run.datasetId !== dataset.id) return <Navigate to={runPath(run.datasetId, run.id)} replace />;
  return <LiveRunView key={run.id} run={run} reload={reload} />;
}

function LiveRunView({ run, reload }: { run: LoadedRun; reload: () => void }) {
  const { log, state, live } = useLiveRun(run.id, run.state, run.events);
  const finished = isFinished(state);
  const points = useMemo(() => pointsOf(log), [log]);
  // What the run query shows besides the events (item count, MLflow run, results) changes at a new state and
  // once fitting has begun (the first point): read it again then.
  const milestone = `${state}:${points.length > 0}`;
  const shown = useRef(milestone);
  useEffect(() => {
    if (milestone === shown.current) return;
    shown.current = milestone;
    if (!isFinished(run.state)) reload();
  }, [milestone, run.state, reload]);
  const lines = useMemo(() => logLinesOf(log), [log]);
  const progress = progressOf(log, state);
  const message = lastMessage(run, log.events, state);

  return (
    <>
      <section className="card run-header" aria-labelledby="run-title" data-state={state}>
        <div className="card-header">
          <h2 id="run-title">
            {modelTypeName(run.modelType)} <code className="muted">{run.id}</code>
          </h2>
          <RunStateBadge state={state} />
        </div>
        <progress
          className="job-progress run-progress"
          aria-label="Training progress"
          max={1}
          {...(progress !== null ? { value: progress } : {})}
        />
        <p className="job-counts" aria-live="polite">
          {progress !== null ? formatShare(progress, 0) : state === 'QUEUED' ? 'Waiting for a worker' : ''}
          {message && <span className="muted"> — {sentence(message)}</span>}
        </p>
        <dl className="facts run-facts">
          <dt>Started by</dt>
          <dd>
            {run.createdBy}, {formatDateTime(run.createdAt)}
          </dd>
          <dt>Duration</dt>
          <dd>{formatDuration(run.durationSeconds)}</dd>
          {run.attempt > 1 && (
            <>
              <dt>Attempt</dt>
              <dd>{run.attempt} (a worker stopped; the training was started again)</dd>
            </>
          )}
        </dl>
        {!finished && <CancelControl run={run} />}
        <p>
          <Link to={runsPath(run.datasetId)}>← All training runs</Link>
        </p>
      </section>
      <div className="run-live">
        <CurvesPanel points={points} live={live && !finished} />
        <LogsPanel lines={lines} />
      </div>
      {run.state === 'SUCCEEDED' && <RunResults run={run} />}
      <RunLineage run={run} />
    </>
  );
}

/** The newest STATE message, or the run's own message. */
function lastMessage(run: LoadedRun, events: readonly JobEventFieldsFragment[], state: string): string {
  if (isFinished(run.state)) return run.message;
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i]!;
    if (event.kind === 'STATE' && event.state === state && event.message) return event.message;
  }
  return run.message;
}

/** Cancel (train_model) while the run is QUEUED or RUNNING. */
function CancelControl({ run }: { run: LoadedRun }) {
  const [{ fetching }, cancelTraining] = useMutation(CancelTrainingDocument);
  const [outcome, setOutcome] = useState<{ error?: string; success?: string } | null>(null);
  const requested = run.cancelRequested || outcome?.success !== undefined;

  async function cancel() {
    const result = await cancelTraining({ runId: run.id });
    const answer = result.data?.cancelTraining;
    if (!answer) return; // the toast shows what went wrong
    switch (answer.__typename) {
      case 'TrainingRunSuccess':
        setOutcome({
          success:
            answer.run.state === 'CANCELLED'
              ? 'Cancelled.'
              : 'Cancellation requested: the worker stops the training at its next step.',
        });
        return;
      case 'RunAlreadyFinishedError':
      case 'TrainingRunNotFoundError':
        setOutcome({ error: `${sentence(answer.message)}.` });
        return;
    }
  }

  return (
    <div className="actions cancel-control">
      <CanButton permission="TRAIN_MODEL" className="danger" disabled={fetching || requested} onClick={() => void cancel()}>
        {fetching ? 'Cancelling…' : requested ? 'Cancellation requested' : 'Cancel training'}
      </CanButton>
      <FormMessage error={outcome?.error ?? null} success={outcome?.success ?? null} />
    </div>
  );
}
