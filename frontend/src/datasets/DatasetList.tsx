import { useDeferredValue, useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { describeError } from '../graphql/errors';
import { TextField } from '../ui/Field';
import { DatasetsDocument } from './datasets.generated';
import { LabelChips } from './LabelChips';
import { CheckboxField } from './MoreFields';
import { formatCount, plural } from '../ui/format';

// A dataset created while the list is empty must still refresh it.
const DATASETS_CONTEXT = { additionalTypenames: ['Dataset'] };

/** Every dataset by name: kind, item count, labels; archived ones on demand; a name filter. */
export function DatasetList() {
  const [includeArchived, setIncludeArchived] = useState(false);
  const [filter, setFilter] = useState('');
  const deferredFilter = useDeferredValue(filter.trim().toLowerCase());
  const [{ data, error, fetching }] = useQuery({
    query: DatasetsDocument,
    variables: { includeArchived },
    context: DATASETS_CONTEXT,
    requestPolicy: 'cache-and-network',
  });
  const all = data?.datasets;
  const shown = all?.filter(
    (d) => !deferredFilter || d.name.toLowerCase().includes(deferredFilter) || d.id.includes(deferredFilter),
  );

  return (
    <section className="card" aria-labelledby="dataset-list-title" aria-busy={fetching}>
      <div className="card-header">
        <h2 id="dataset-list-title">All datasets</h2>
        {all && shown && (
          <p className="muted" role="status">
            {shown.length === all.length ? plural(all.length, 'dataset') : `${formatCount(shown.length)} of ${plural(all.length, 'dataset')}`}
          </p>
        )}
      </div>
      <div className="inline-form">
        <TextField label="Filter by name" type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
        <CheckboxField
          label="Show archived datasets"
          checked={includeArchived}
          onChange={(event) => setIncludeArchived(event.target.checked)}
        />
      </div>
      {error && !all && <p role="alert">Cannot load the datasets: {describeError(error)}</p>}
      {!all && !error && <p role="status">Loading datasets…</p>}
      {shown && shown.length === 0 && <p className="muted">No datasets{filter ? ' match this filter' : ' yet'}.</p>}
      {shown && shown.length > 0 && (
        <table className="datasets">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Kind</th>
              <th scope="col" className="numeric">
                Items
              </th>
              <th scope="col">Labels</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((dataset) => (
              <tr key={dataset.id} data-dataset-id={dataset.id}>
                <th scope="row">
                  <Link to={`/datasets/${encodeURIComponent(dataset.id)}`}>{dataset.name}</Link>
                  {dataset.archived && <span className="badge badge-archived">ARCHIVED</span>}
                </th>
                <td>
                  <span className="badge">{dataset.kind}</span>
                </td>
                <td className="numeric">{formatCount(dataset.itemCount)}</td>
                <td>
                  <LabelChips labels={dataset.labels} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
