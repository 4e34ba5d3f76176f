import { useSubscription } from 'urql';
import { DatasetActivityDocument, type DatasetActivitySubscription } from './agreement.generated';

export type ActivitySnapshot = DatasetActivitySubscription['datasetActivity'];
export type LabelNotice = ActivitySnapshot['recent'][number];

export interface Activity {
  /** The latest snapshot; null until the first arrives (or if the WebSocket cannot be opened). */
  snapshot: ActivitySnapshot | null;
  /** The labels seen since the page opened, newest first (at most RECENT_KEPT). */
  recent: readonly LabelNotice[];
}

export const RECENT_KEPT = 20;

function accumulate(previous: Activity | undefined, response: DatasetActivitySubscription): Activity {
  const snapshot = response.datasetActivity;
  const recent = [...[...snapshot.recent].reverse(), ...(previous?.recent ?? [])].slice(0, RECENT_KEPT);
  return { snapshot, recent };
}

/** Follows `datasetActivity`: a snapshot at once, then one after each burst of labels. */
export function useDatasetActivity(datasetId: string): Activity {
  const [{ data }] = useSubscription({ query: DatasetActivityDocument, variables: { datasetId } }, accumulate);
  return data ?? { snapshot: null, recent: [] };
}

/** Count of one status in a snapshot (statuses with no item are absent). */
export function statusCount(snapshot: ActivitySnapshot, status: string): number {
  return snapshot.statuses.find((entry) => entry.status === status)?.count ?? 0;
}
