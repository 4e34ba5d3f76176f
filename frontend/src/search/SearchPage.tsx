import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { useTitle } from '../app/useTitle';
import { useDatasetContext } from '../datasets/datasetContext';
import { ExportControl } from '../jobs/ExportControl';
import type { ItemSort } from '../graphql/schema.generated';
import { describeError } from '../graphql/errors';
import { SelectField } from '../ui/Field';
import { formatCount, sentence } from '../ui/format';
import { useCan } from '../viewer/permissions';
import { FacetSidebar } from './FacetSidebar';
import { QueryBox } from './QueryBox';
import { SearchDocument } from '../graphql/shared/items.generated';
import { SearchResultList } from './SearchResultList';
import {
  clearFilters,
  filterOf,
  hasFilters,
  readSearchState,
  SORTS,
  toggleFacet,
  writeSearchState,
  type FacetKey,
  type SearchState,
} from './searchState';

export const PAGE_SIZE = 20;

/** Full-text search in one dataset, with facets, sort, cursor pages and export; its state is in the URL. */
export function SearchPage() {
  const { dataset } = useDatasetContext();
  // exports hold every annotator's labels: for ADMINs only (docs/security.md)
  const canExport = useCan('MANAGE_DATASETS').enabled;
  useTitle(`Search · ${dataset.name}`);
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => readSearchState(params), [params]);
  const update = useCallback(
    (next: SearchState, replace = false) => setParams(writeSearchState(next), { replace }),
    [setParams],
  );
  const variables = {
    datasetId: dataset.id,
    query: state.query.trim() || null,
    filter: filterOf(state),
    sort: state.sort,
    first: PAGE_SIZE,
    withFacets: true,
  };
  const [{ data, error, fetching, operation }] = useQuery({
    query: SearchDocument,
    variables,
    requestPolicy: 'cache-and-network',
  });
  const result = data?.search;

  return (
    <section aria-labelledby="search-title" className="search">
      <h2 id="search-title" className="visually-hidden">
        Search
      </h2>
      <div className="search-toolbar">
        <QueryBox value={state.query} onSearch={(query) => update({ ...state, query }, true)} />
        <SelectField
          label="Sort by"
          value={state.sort}
          onChange={(event) => update({ ...state, sort: event.target.value as ItemSort })}
        >
          {SORTS.map((sort) => (
            <option key={sort.value} value={sort.value}>
              {sort.label}
            </option>
          ))}
        </SelectField>
      </div>
      {!result && (error ? <p role="alert">Cannot search: {describeError(error)}</p> : <p role="status">Searching…</p>)}
      {result?.__typename === 'SearchResults' && (
        <div className="search-layout">
          {result.facets && (
            <FacetSidebar
              facets={result.facets}
              state={state}
              dataset={dataset}
              onToggle={(facet: FacetKey, value: string) => update(toggleFacet(state, facet, value))}
            />
          )}
          <div className={`search-main${fetching ? ' stale' : ''}`} aria-busy={fetching}>
            <div className="results-header">
              <p role="status" className="total" data-testid="total">
                {formatCount(result.totalCount)} {result.totalCount === 1 ? 'result' : 'results'}
              </p>
              {hasFilters(state) && (
                <button type="button" className="secondary" onClick={() => update(clearFilters(state))}>
                  Clear filters
                </button>
              )}
            </div>
            {canExport && (
              <section className="card export-results" aria-labelledby="export-results-title">
                <h3 id="export-results-title" className="visually-hidden">Export these results</h3>
                <ExportControl
                  datasetId={dataset.id}
                  taskType={dataset.taskType}
                  filter={filterOf(state, { withText: true })}
                  buttonLabel="Export these results"
                />
              </section>
            )}
            <SearchResultList
              key={canonical(operation?.variables ?? variables)}
              first={result}
              variables={variables}
              dataset={dataset}
            />
          </div>
        </div>
      )}
      {result && result.__typename !== 'SearchResults' && (
        <p className="form-error" role="alert">
          {sentence(result.message)}.
        </p>
      )}
    </section>
  );
}

/** The same text for the same variables whatever their key order (a list keyed by it survives a re-send). */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : inner,
  );
}
