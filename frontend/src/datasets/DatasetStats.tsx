import { lazy, Suspense, useEffect } from 'react';
import { useQuery } from 'urql';
import { sentence } from '../ui/format';
import { STATUS_ORDER } from '../search/itemStatus';
import type { LabelCounts, StatusCounts } from './DatasetCharts';
import { DatasetStatsDocument, type DatasetStatsQuery } from './datasets.generated';
import type { DatasetFieldsFragment } from '../graphql/shared/items.generated';
import { NO_COLOR } from './labelColors';

const DatasetCharts = lazy(() => import('./DatasetCharts'));

type Facet = readonly { value: string; count: number }[];
const countOf = (facet: Facet, value: string) => facet.find((entry) => entry.value === value)?.count ?? 0;

/** Charts of the label distribution (gold and any) and of the status counts, from the search facets. */
export function DatasetStats({ dataset, version }: { dataset: DatasetFieldsFragment; version: number }) {
  const [{ data, error }, reexecute] = useQuery({
    query: DatasetStatsDocument,
    variables: { datasetId: dataset.id },
    requestPolicy: 'cache-and-network',
  });
  useEffect(() => {
    if (version > 0) reexecute({ requestPolicy: 'network-only' });
  }, [version, reexecute]);

  return (
    <section className="card" aria-labelledby="stats-title">
      <h2 id="stats-title">Labels and progress</h2>
      {!data && (error ? <p role="alert">Cannot load the counts.</p> : <p role="status">Loading the counts…</p>)}
      {data && <StatsBody result={data.search} dataset={dataset} />}
    </section>
  );
}

function StatsBody({
  result,
  dataset,
}: {
  result: DatasetStatsQuery['search'];
  dataset: DatasetFieldsFragment;
}) {
  switch (result.__typename) {
    case 'DatasetNotFoundError':
    case 'ValidationError':
      return <p role="alert">{sentence(result.message)}.</p>;
    case 'SearchResults': {
      if (result.totalCount === 0) return <p className="muted">No items yet: import some to see their labels here.</p>;
      const { goldLabels, labels: given, statuses } = result.facets;
      const names = [...dataset.labels.map((l) => l.name), ...given.map((f) => f.value), ...goldLabels.map((f) => f.value)];
      const labels: LabelCounts[] = [...new Set(names)].map((name) => ({
        name,
        color: dataset.labels.find((l) => l.name === name)?.color ?? NO_COLOR,
        gold: countOf(goldLabels, name),
        any: countOf(given, name),
      }));
      const byStatus: StatusCounts[] = STATUS_ORDER.map((status) => ({ status, count: countOf(statuses, status) }));
      return (
        <>
          <Suspense fallback={<p role="status">Loading the charts…</p>}>
            <DatasetCharts labels={labels} statuses={byStatus} numbers={{ labels: 'numbers-per-label', statuses: 'numbers-per-status' }} />
          </Suspense>
          <details className="chart-numbers">
            <summary>The numbers</summary>
            <table aria-label="Items per label" id="numbers-per-label" tabIndex={-1}>
              <thead>
                <tr>
                  <th scope="col">Label</th>
                  <th scope="col" className="numeric">Gold</th>
                  <th scope="col" className="numeric">Given by anyone</th>
                </tr>
              </thead>
              <tbody>
                {labels.map((label) => (
                  <tr key={label.name}>
                    <th scope="row">{label.name}</th>
                    <td className="numeric">{label.gold}</td>
                    <td className="numeric">{label.any}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <table aria-label="Items per status" id="numbers-per-status" tabIndex={-1}>
              <tbody>
                {byStatus.map(({ status, count }) => (
                  <tr key={status}>
                    <th scope="row">{status}</th>
                    <td className="numeric">{count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      );
    }
  }
}

