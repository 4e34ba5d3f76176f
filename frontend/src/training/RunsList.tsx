import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useQuery } from 'urql';
import { describeError } from '../graphql/errors';
import { formatDateTime } from '../ui/format';
import { GatedButton } from '../viewer/Gated';
import { comparePath, runPath } from './paths';
import { isFinished } from '../jobs/jobEvents';
import { formatShare, modelTypeName, plural } from '../ui/format';
import { RunStateBadge } from './RunState';
import { TrainingRunsDocument } from './training.generated';
import { TableScroll } from '../ui/TableScroll';

export const RUNS_PAGE = 20;
/** How often the list is read again while one of its runs is queued or running. */
export const RUNS_REFRESH_MS = 3000;
/** `compareTrainingRuns` takes up to 10 runs. */
export const MAX_COMPARED = 10;
const RUNS_CONTEXT = { additionalTypenames: ['TrainingRun'] };

/**
 * Training runs, newest first (of one dataset, or of all with `datasetId` null), with checkboxes to compare 2 to
 * 10 of them. The page is read again every RUNS_REFRESH_MS while a run on it has not ended.
 */
export function RunsList({ datasetId }: { datasetId: string | null }) {
  const navigate = useNavigate();
  // the `after` cursor of each page visited, this one last (null: the first page): Older pushes, Newer pops
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1] ?? null;
  const offset = (cursors.length - 1) * RUNS_PAGE;
  const [selected, setSelected] = useState<string[]>([]);
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: TrainingRunsDocument,
    variables: { datasetId, first: RUNS_PAGE, after },
    context: RUNS_CONTEXT,
    requestPolicy: 'cache-and-network',
  });
  const page = data?.trainingRuns;
  const active = page?.nodes.some((run) => !isFinished(run.state)) ?? false;
  useEffect(() => {
    if (!active) return undefined;
    const timer = setInterval(() => reexecute({ requestPolicy: 'network-only' }), RUNS_REFRESH_MS);
    return () => clearInterval(timer);
  }, [active, reexecute]);

  const toggle = (id: string) =>
    setSelected((ids) => (ids.includes(id) ? ids.filter((other) => other !== id) : [...ids, id]));
  const compareReason =
    selected.length < 2 ? 'choose at least 2 runs to compare' : selected.length > MAX_COMPARED ? `compare at most ${MAX_COMPARED} runs` : null;

  return (
    <div aria-busy={fetching}>
      <div className="actions runs-actions">
        <GatedButton enabled={compareReason === null} reason={compareReason} onClick={() => navigate(comparePath(selected))}>
          Compare{selected.length > 0 ? ` ${plural(selected.length, 'run')}` : ''}
        </GatedButton>
        {selected.length > 0 && (
          <button type="button" className="secondary" onClick={() => setSelected([])}>
            Clear the selection
          </button>
        )}
        <button type="button" className="secondary" onClick={() => reexecute({ requestPolicy: 'network-only' })}>
          Refresh
        </button>
      </div>
      {error && !page && <p role="alert">Cannot load the training runs: {describeError(error)}</p>}
      {!page && !error && <p role="status">Loading the training runs…</p>}
      {page && page.nodes.length === 0 && <p className="muted">No training run yet.</p>}
      {page && page.nodes.length > 0 && (
        <TableScroll label="Training runs (scrolls sideways)">
        <table className="runs" aria-label="Training runs">
          <caption className="visually-hidden">Training runs, newest first</caption>
          <thead>
            <tr>
              <th scope="col">
                <span className="visually-hidden">Compare</span>
              </th>
              <th scope="col">Run</th>
              {datasetId === null && <th scope="col">Dataset</th>}
              <th scope="col">State</th>
              <th scope="col">Model type</th>
              <th scope="col" className="numeric">Accuracy</th>
              <th scope="col" className="numeric">Macro F1</th>
              <th scope="col" className="numeric">Version</th>
              <th scope="col">Created by</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {page.nodes.map((run) => (
              <tr key={run.id} data-run-id={run.id} data-state={run.state}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Compare ${run.id}`}
                    checked={selected.includes(run.id)}
                    onChange={() => toggle(run.id)}
                  />
                </td>
                <th scope="row">
                  <Link to={runPath(run.datasetId, run.id)}>
                    <code>{run.id}</code>
                  </Link>
                </th>
                {datasetId === null && <td>{run.datasetId}</td>}
                <td>
                  <RunStateBadge state={run.state} />
                </td>
                <td>{modelTypeName(run.modelType)}</td>
                <td className="numeric">{formatShare(run.metrics?.accuracy)}</td>
                <td className="numeric">{formatShare(run.metrics?.macroF1)}</td>
                <td className="numeric">{run.modelVersion ?? '—'}</td>
                <td>{run.createdBy}</td>
                <td>{formatDateTime(run.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </TableScroll>
      )}
      {page && page.totalCount > RUNS_PAGE && (
        <nav className="pager" aria-label="Run pages">
          <button
            type="button"
            className="secondary"
            disabled={offset === 0 || fetching}
            onClick={() => setCursors((list) => (list.length > 1 ? list.slice(0, -1) : list))}
          >
            ← Newer
          </button>
          <span className="muted">
            {offset + 1}–{Math.min(offset + RUNS_PAGE, page.totalCount)} of {page.totalCount}
          </span>
          <button
            type="button"
            className="secondary"
            disabled={!page.pageInfo.hasNextPage || fetching}
            onClick={() => setCursors((list) => [...list, page.pageInfo.endCursor])}
          >
            Older →
          </button>
        </nav>
      )}
    </div>
  );
}
