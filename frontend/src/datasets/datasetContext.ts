import { useOutletContext } from 'react-router';
import type { DatasetFieldsFragment } from '../graphql/shared/items.generated';

/** What DatasetLayout gives the pages of one dataset (overview, search, item). */
export interface DatasetContextValue {
  dataset: DatasetFieldsFragment;
  /** Bumped by `refresh()`: counts and charts below reload when it changes. */
  version: number;
  /** Reload the dataset (item count…) and everything that depends on its items. */
  refresh: () => void;
}

export function useDatasetContext(): DatasetContextValue {
  return useOutletContext<DatasetContextValue>();
}

/** Why a change to an archived dataset is refused (its controls are disabled with this reason). */
export const ARCHIVED_REASON = 'the dataset is archived: restore it first';

export function datasetPath(id: string, rest = ''): string {
  return `/datasets/${encodeURIComponent(id)}${rest}`;
}
