import { useCallback, useState } from 'react';

/** Where a page of a list sits: the `pageInfo` every list field of the API returns. */
export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

/**
 * The cursors of the pages seen so far (cursor pagination: page i starts `after` cursors[i]); `next` moves on with
 * the last page's `endCursor`, `previous` steps back, `reset` starts again (e.g. when the filters change).
 */
export function useCursors() {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const page = cursors.length - 1;
  const next = useCallback((cursor: string | null) => {
    if (cursor) setCursors((c) => [...c, cursor]);
  }, []);
  const previous = useCallback(() => setCursors((c) => (c.length > 1 ? c.slice(0, -1) : c)), []);
  const reset = useCallback(() => setCursors([null]), []);
  return { page, after: cursors[page] ?? null, next, previous, reset };
}

/** Previous / next page buttons, shown only when the list has more than one page. */
export function Pager({
  label,
  page,
  pageInfo,
  fetching,
  onPrevious,
  onNext,
}: {
  label: string;
  page: number;
  pageInfo: PageInfo | undefined;
  fetching: boolean;
  onPrevious: () => void;
  onNext: (cursor: string | null) => void;
}) {
  if (page === 0 && !pageInfo?.hasNextPage) return null;
  return (
    <nav aria-label={label} className="pager">
      <button type="button" className="secondary" disabled={page === 0 || fetching} onClick={onPrevious}>
        ← Previous page
      </button>
      <span className="muted">Page {page + 1}</span>
      <button
        type="button"
        className="secondary"
        disabled={!pageInfo?.hasNextPage || fetching}
        onClick={() => onNext(pageInfo?.endCursor ?? null)}
      >
        Next page →
      </button>
    </nav>
  );
}
