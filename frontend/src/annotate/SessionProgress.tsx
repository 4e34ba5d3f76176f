import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useClient } from 'urql';
import { useDatasetActivity } from '../agreement/useDatasetActivity';
import { DatasetStatsDocument } from '../datasets/datasets.generated';
import type { DatasetFieldsFragment } from '../graphql/shared/items.generated';
import { formatCount, plural } from '../ui/format';


/** After the viewer's last write, ask the index itself once it has had time to show it (1 s refresh). */
export const SETTLE_MS = 1500;
/** Without a live snapshot by then (no WebSocket), ask the index instead. */
export const FALLBACK_MS = 2000;

type Counts = readonly { value: string; count: number }[];
const sum = (counts: Counts, statuses: readonly string[]) =>
  counts.filter((c) => statuses.includes(c.value)).reduce((total, c) => total + c.count, 0);

/**
 * The dataset's status counts: live from `datasetActivity`, and from the status facets of `search(first: 1)`
 * SETTLE_MS after each of the viewer's writes — the snapshot sent after a burst of labels can be taken before the
 * index shows the burst's last writes, and none follows until the next label — or after FALLBACK_MS when no
 * snapshot came at all. Whichever arrived last is shown.
 */
function useStatusCounts(datasetId: string, writes: number) {
  const { snapshot } = useDatasetActivity(datasetId);
  const client = useClient();
  const [counts, setCounts] = useState<Counts | null>(null);
  const hasSnapshot = useRef(false);
  useEffect(() => {
    if (!snapshot) return;
    hasSnapshot.current = true;
    setCounts(snapshot.statuses.map((s) => ({ value: s.status, count: s.count })));
  }, [snapshot]);
  useEffect(() => {
    let cancelled = false;
    const timer = setTimeout(
      () => {
        if (writes === 0 && hasSnapshot.current) return;
        void client
          .query(DatasetStatsDocument, { datasetId }, { requestPolicy: 'network-only' })
          .toPromise()
          .then((result) => {
            const search = result.data?.search;
            if (!cancelled && search?.__typename === 'SearchResults') setCounts(search.facets.statuses);
          });
      },
      writes === 0 ? FALLBACK_MS : SETTLE_MS,
    );
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [client, datasetId, writes]);
  return { counts, labelsLastMinute: snapshot?.labelsLastMinute ?? null };
}

/**
 * The counter over a queue: what the viewer decided in this session, and the dataset's progress (items complete,
 * in progress, unlabelled — or, in review, reviewed and conflicts waiting) with the labels of the last minute.
 */
export function SessionProgress({
  dataset,
  decided,
  writes,
  mode,
}: {
  dataset: DatasetFieldsFragment;
  decided: number;
  /** Bumped by each write of the session (WorkState.writes). */
  writes: number;
  mode: 'annotate' | 'review';
}) {
  const { counts, labelsLastMinute } = useStatusCounts(dataset.id, writes);
  const total = counts ? counts.reduce((all, s) => all + s.count, 0) : dataset.itemCount;
  const perMinute = labelsLastMinute !== null && <> · {plural(labelsLastMinute, 'label')} in the last minute</>;

  return (
    <div className="work-progress">
      <p>
        <strong data-testid="decided-count">{formatCount(decided)}</strong>{' '}
        {mode === 'annotate' ? 'labelled by you in this session' : 'reviewed by you in this session'}
      </p>
      {counts === null && <p className="muted">Dataset: {plural(dataset.itemCount, 'item')}</p>}
      {counts && mode === 'annotate' && (
        <DatasetLine
          done={total - sum(counts, ['UNLABELED', 'IN_PROGRESS'])}
          total={total}
          text={
            <>
              {total === 1 ? 'item' : 'items'} complete · <strong>{formatCount(sum(counts, ['IN_PROGRESS']))}</strong> in progress ·{' '}
              <strong>{formatCount(sum(counts, ['UNLABELED']))}</strong> unlabelled{perMinute}
            </>
          }
        />
      )}
      {counts && mode === 'review' && (
        <DatasetLine
          done={sum(counts, ['REVIEWED'])}
          total={total}
          text={
            <>
              {total === 1 ? 'item' : 'items'} reviewed · <strong>{formatCount(sum(counts, ['CONFLICT']))}</strong>{' '}
              {sum(counts, ['CONFLICT']) === 1 ? 'conflict' : 'conflicts'} waiting{perMinute}
            </>
          }
        />
      )}
    </div>
  );
}

function DatasetLine({ done, total, text }: { done: number; total: number; text: ReactNode }) {
  return (
    <>
      <p data-testid="dataset-progress">
        Dataset: <strong>{formatCount(done)}</strong> of {formatCount(total)} {text}
      </p>
      <progress className="job-progress" aria-label="Dataset progress" value={done} max={Math.max(total, 1)} />
    </>
  );
}
