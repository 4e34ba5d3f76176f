import { useId } from 'react';
import { sentence } from '../ui/format';
import type { JobFieldsFragment } from './jobs.generated';
import { isFinished, JOB_KIND_LABELS, unitsOf } from './jobEvents';

/**
 * One job's progress: state, a progress bar (done of total), its message and, once it has ended, the
 * problems it met (line and reason; the API lists the first 100 and counts them all).
 */
export function JobProgressView({ job }: { job: JobFieldsFragment }) {
  const titleId = useId();
  const finished = isFinished(job.state);
  const units = unitsOf(job.kind);
  // An ended job is at its end even when it did not count every unit (exports report done = 0).
  const total = job.total ?? (finished ? job.done : null);
  const done = job.state === 'SUCCEEDED' && total !== null ? Math.max(job.done, total) : job.done;
  return (
    <div className="job" role="group" aria-labelledby={titleId} data-state={job.state}>
      <div className="job-header">
        <span id={titleId} className="label">
          {JOB_KIND_LABELS[job.kind]} <code className="muted">{job.id}</code>
        </span>
        <span className={`job-state job-state-${job.state}`}>{job.state}</span>
      </div>
      <progress
        className="job-progress"
        aria-label={`${JOB_KIND_LABELS[job.kind]} progress`}
        max={total && total > 0 ? total : 1}
        {...(total !== null ? { value: total > 0 ? done : finished ? 1 : 0 } : {})}
      />
      <p className="job-counts" aria-live="polite">
        {total !== null ? `${done} of ${total} ${units}` : `${done} ${units}`}
        {job.message && <span className="muted"> — {sentence(job.message)}</span>}
      </p>
      {finished && job.problemCount > 0 && <JobProblems job={job} />}
    </div>
  );
}

function JobProblems({ job }: { job: JobFieldsFragment }) {
  const unlisted = job.problemCount - job.problems.length;
  return (
    <div className="job-problems">
      <table>
        <caption>
          {job.problemCount} {job.problemCount === 1 ? 'problem' : 'problems'}
          {job.kind === 'IMPORT' ? ': these lines were skipped' : ''}
        </caption>
        <thead>
          <tr>
            <th scope="col" className="numeric">
              Line
            </th>
            <th scope="col">Reason</th>
          </tr>
        </thead>
        <tbody>
          {job.problems.map((problem, index) => (
            <tr key={`${problem.line ?? 'none'}-${index}`}>
              <td className="numeric">{problem.line ?? '—'}</td>
              <td>{sentence(problem.reason)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {unlisted > 0 && <p className="muted">{unlisted} more not listed.</p>}
    </div>
  );
}
