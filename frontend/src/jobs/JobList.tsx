import { useEffect, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { describeError } from '../graphql/errors';
import { formatDateTime, sentence } from '../ui/format';
import { CancelJobDocument, JobsDocument } from './jobs.generated';
import { isFinished, JOB_KIND_LABELS } from './jobEvents';

const JOBS_CONTEXT = { additionalTypenames: ['Job'] };
export const JOBS_SHOWN = 10;

/** The dataset's latest jobs, newest first (the viewer's own, or everyone's for an ADMIN). */
export function JobList({ datasetId, version }: { datasetId: string; version: number }) {
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: JobsDocument,
    variables: { datasetId, first: JOBS_SHOWN },
    context: JOBS_CONTEXT,
    requestPolicy: 'cache-and-network',
  });
  useEffect(() => {
    if (version > 0) reexecute({ requestPolicy: 'network-only' });
  }, [version, reexecute]);
  const page = data?.jobs;
  const [cancelling, cancelJob] = useMutation(CancelJobDocument);
  const [cancelError, setCancelError] = useState<string | null>(null);
  const cancel = async (id: string) => {
    setCancelError(null);
    const result = await cancelJob({ id });
    const outcome = result.data?.cancelJob;
    if (result.error) setCancelError(describeError(result.error));
    else if (outcome && outcome.__typename !== 'CancelJobSuccess') setCancelError(outcome.message);
    reexecute({ requestPolicy: 'network-only' });
  };
  return (
    <section className="card" aria-labelledby="jobs-title" aria-busy={fetching}>
      <div className="card-header">
        <h2 id="jobs-title">Jobs</h2>
        <button type="button" className="secondary" onClick={() => reexecute({ requestPolicy: 'network-only' })}>
          Refresh
        </button>
      </div>
      {error && !page && <p role="alert">Cannot load the jobs: {describeError(error)}</p>}
      {cancelError && <p role="alert">Cannot cancel the job: {cancelError}</p>}
      {!page && !error && <p role="status">Loading jobs…</p>}
      {page && page.nodes.length === 0 && <p className="muted">No jobs yet.</p>}
      {page && page.nodes.length > 0 && (
        <table className="jobs">
          <caption className="visually-hidden">Latest jobs, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Job</th>
              <th scope="col">State</th>
              <th scope="col" className="numeric">
                Done
              </th>
              <th scope="col" className="numeric">
                Problems
              </th>
              <th scope="col">Message</th>
              <th scope="col">Started by</th>
              <th scope="col">Created</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {page.nodes.map((job) => (
              <tr key={job.id} data-job-id={job.id}>
                <th scope="row">{JOB_KIND_LABELS[job.kind]}</th>
                <td>
                  <span className={`job-state job-state-${job.state}`}>{job.state}</span>
                </td>
                <td className="numeric">{job.total !== null ? `${job.done} / ${job.total}` : job.done}</td>
                <td className="numeric">{job.problemCount}</td>
                <td>{sentence(job.message)}</td>
                <td>{job.createdBy === 'automation' ? <span className="badge">automation</span> : job.createdBy}</td>
                <td>{formatDateTime(job.createdAt)}</td>
                <td>
                  {!isFinished(job.state) && (
                    <button
                      type="button"
                      className="secondary"
                      disabled={job.cancelRequested || cancelling.fetching}
                      aria-label={`Cancel the ${JOB_KIND_LABELS[job.kind].toLowerCase()} job ${job.id}`}
                      onClick={() => void cancel(job.id)}
                    >
                      {job.cancelRequested ? 'Cancelling…' : 'Cancel'}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {page && page.totalCount > page.nodes.length && (
        <p className="muted">
          The latest {page.nodes.length} of {page.totalCount} jobs.
        </p>
      )}
    </section>
  );
}
