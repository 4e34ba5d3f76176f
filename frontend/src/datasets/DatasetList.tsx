import { useDeferredValue, useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { describeError } from '../graphql/errors';
import { TextField } from '../ui/Field';
import { DatasetsDocument } from './datasets.generated';
import { LabelChips } from './LabelChips';
import { CheckboxField } from './MoreFields';
import { formatCount, plural } from '../ui/format';
import { Pager, useCursors } from '../ui/Pager';
import { taskTypeName } from './taskTypes';

// A dataset created while the list is empty must still refresh it.
const DATASETS_CONTEXT = { additionalTypenames: ['Dataset'] };
export const PAGE_SIZE = 100;

/** The datasets by name, a page at a time: kind, item count, labels; archived ones on demand; a name filter. */
export function DatasetList() {
  const [includeArchived, setIncludeArchived] = useState(false);
  const pages = useCursors();
  const [filter, setFilter] = useState('');
  const deferredFilter = useDeferredValue(filter.trim().toLowerCase());
  const [{ data, error, fetching }] = useQuery({
    query: DatasetsDocument,
    variables: { includeArchived, first: PAGE_SIZE, after: pages.after },
    context: DATASETS_CONTEXT,
    requestPolicy: 'cache-and-network',
  });
  const all = data?.datasets.nodes;
  const total = data?.datasets.totalCount ?? 0;
  const shown = all?.filter(
    (d) => !deferredFilter || d.name.toLowerCase().includes(deferredFilter) || d.id.includes(deferredFilter),
  );

  return (
    <section className="card" aria-labelledby="dataset-list-title" aria-busy={fetching}>
      <div className="card-header">
        <h2 id="dataset-list-title">All datasets</h2>
        {all && shown && (
          <p className="muted" role="status">
            {shown.length === total ? plural(total, 'dataset') : `${formatCount(shown.length)} of ${plural(total, 'dataset')}`}
          </p>
        )}
      </div>
      <div className="inline-form">
        <TextField label="Filter by name" type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
        <CheckboxField
          label="Show archived datasets"
          checked={includeArchived}
          onChange={(event) => {
            setIncludeArchived(event.target.checked);
            pages.reset();
          }}
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
              <th scope="col">Task</th>
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
                <td>
                  <span className="badge" data-task-type={dataset.taskType}>
                    {taskTypeName(dataset.taskType)}
                  </span>
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
      <Pager
        label="Dataset pages"
        page={pages.page}
        pageInfo={data?.datasets.pageInfo}
        fetching={fetching}
        onPrevious={pages.previous}
        onNext={pages.next}
      />
    </section>
  );
}
