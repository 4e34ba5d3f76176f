import { useEffect } from 'react';
import { useQuery } from 'urql';
import { describeError } from '../graphql/errors';
import { formatDateTime, sentence } from '../ui/format';
import { JobsDocument } from './jobs.generated';
import { JOB_KIND_LABELS } from './jobState';

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
  return (
    <section className="card" aria-labelledby="jobs-title" aria-busy={fetching}>
      <div className="card-header">
        <h2 id="jobs-title">Jobs</h2>
        <button type="button" className="secondary" onClick={() => reexecute({ requestPolicy: 'network-only' })}>
          Refresh
        </button>
      </div>
      {error && !page && <p role="alert">Cannot load the jobs: {describeError(error)}</p>}
      {!page && !error && <p role="status">Loading jobs…</p>}
      {page && page.jobs.length === 0 && <p className="muted">No jobs yet.</p>}
      {page && page.jobs.length > 0 && (
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
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {page.jobs.map((job) => (
              <tr key={job.id} data-job-id={job.id}>
                <th scope="row">{JOB_KIND_LABELS[job.kind]}</th>
                <td>
                  <span className={`job-state job-state-${job.state}`}>{job.state}</span>
                </td>
                <td className="numeric">{job.total !== null ? `${job.done} / ${job.total}` : job.done}</td>
                <td className="numeric">{job.problemCount}</td>
                <td>{sentence(job.message)}</td>
                <td>{formatDateTime(job.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {page && page.totalCount > page.jobs.length && (
        <p className="muted">
          The latest {page.jobs.length} of {page.totalCount} jobs.
        </p>
      )}
    </section>
  );
}
