import { useState } from 'react';
import { useClient } from 'urql';
import {
  SearchDocument,
  type DatasetFieldsFragment,
  type SearchHitFieldsFragment,
  type SearchQuery,
  type SearchQueryVariables,
} from '../graphql/shared/items.generated';
import { sentence } from '../ui/format';
import { SearchHitCard } from './SearchHitCard';

type Results = Extract<SearchQuery['search'], { __typename: 'SearchResults' }>;
type PageInfo = Results['pageInfo'];

/**
 * The hits of the first page, then of each "Load more" (cursor pagination: `after` = the last `endCursor`).
 * Mounted with a key per search: a new search starts again from its first page.
 */
export function SearchResultList({
  first,
  variables,
  dataset,
}: {
  first: Results;
  variables: Omit<SearchQueryVariables, 'after' | 'withFacets'>;
  dataset: DatasetFieldsFragment;
}) {
  const client = useClient();
  const [more, setMore] = useState<{ hits: SearchHitFieldsFragment[]; pageInfo: PageInfo } | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const hits = more ? [...first.nodes, ...more.hits] : first.nodes;
  const pageInfo = more?.pageInfo ?? first.pageInfo;

  async function loadMore() {
    if (!pageInfo.endCursor) return;
    setLoading(true);
    const next = { ...variables, after: pageInfo.endCursor, withFacets: false }; // the facets came with the first page
    const result = await client.query(SearchDocument, next).toPromise();
    setLoading(false);
    const page = result.data?.search;
    if (!page) return; // the toast shows what went wrong
    switch (page.__typename) {
      case 'SearchResults':
        setError(null);
        setMore({ hits: [...(more?.hits ?? []), ...page.nodes], pageInfo: page.pageInfo });
        return;
      case 'DatasetNotFoundError':
      case 'ValidationError':
        setError(`${sentence(page.message)}.`);
        return;
    }
  }

  if (first.totalCount === 0) return <p className="muted no-hits">No item matches this search.</p>;
  return (
    <>
      <ol className="hits" aria-label="Results">
        {hits.map((hit) => (
          <SearchHitCard key={hit.itemId} hit={hit} dataset={dataset} />
        ))}
      </ol>
      <div className="pager">
        <span className="muted" data-testid="shown-count">
          Showing {hits.length} of {first.totalCount}
        </span>
        {pageInfo.hasNextPage && (
          <button type="button" className="secondary" onClick={loadMore} disabled={loading}>
            {loading ? 'Loading…' : 'Load more'}
          </button>
        )}
      </div>
      {error && <p className="form-error" role="alert">{error}</p>}
    </>
  );
}
