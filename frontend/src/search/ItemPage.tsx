import { Link, useLocation, useParams } from 'react-router';
import { useQuery } from 'urql';
import { useTitle } from '../app/useTitle';
import { datasetPath, useDatasetContext } from '../datasets/datasetContext';
import { describeError } from '../graphql/errors';
import { formatDateTime } from '../ui/format';
import { useCan } from '../viewer/permissions';
import { ItemLabels } from './ItemLabels';
import { AnswerView } from '../annotate/AnswerView';
import { StatusBadge } from './itemStatus';
import { ItemDocument } from '../graphql/shared/items.generated';

/** One item as stored, with its labels, notes and history, and links to label it (and, for reviewers, to review it). */
export function ItemPage() {
  const { dataset } = useDatasetContext();
  const { itemId = '' } = useParams();
  const from = (useLocation().state as { search?: unknown } | null)?.search;
  const searchQuery = typeof from === 'string' && from.startsWith('?') ? from : '';
  const [{ data, error }] = useQuery({ query: ItemDocument, variables: { id: itemId } });
  const item = data?.item;
  const canAnnotate = useCan('ANNOTATE').enabled;
  const canReview = useCan('REVIEW').enabled;
  useTitle(`${item?.externalId ?? 'Item'} · ${dataset.name}`);
  const back = (
    <p>
      <Link to={datasetPath(dataset.id, `/search${searchQuery}`)}>← Back to the search</Link>
    </p>
  );
  if (!data) return error ? <p role="alert">Cannot load the item: {describeError(error)}</p> : <p role="status">Loading the item…</p>;
  if (!item || item.datasetId !== dataset.id) {
    return (
      <section className="card" aria-labelledby="item-title">
        <h2 id="item-title">No such item</h2>
        <p>Dataset {dataset.name} has no item with the id “{itemId}”.</p>
        {back}
      </section>
    );
  }
  return (
    <section className="card item" aria-labelledby="item-title">
      {back}
      <div className="hit-header">
        <h2 id="item-title">Item {item.externalId}</h2>
        <StatusBadge status={item.status} />
        {item.goldLabel && (
          <span>
            <span className="muted">gold</span>{' '}
            <AnswerView dataset={dataset} item={item} stored={{ label: item.goldLabel, labels: item.goldLabels, spans: item.goldSpans }} />
          </span>
        )}
      </div>
      {(canAnnotate || canReview) && (
        <p className="item-actions">
          {canAnnotate && (
            <Link className="button-link" to={datasetPath(dataset.id, `/annotate?item=${encodeURIComponent(item.id)}`)}>
              Annotate this item
            </Link>
          )}
          {canReview && (
            <Link className="button-link secondary-link" to={datasetPath(dataset.id, `/review?item=${encodeURIComponent(item.id)}`)}>
              Review this item
            </Link>
          )}
        </p>
      )}
      {item.text !== null && <p className="item-text">{item.text}</p>}
      {item.features && (
        <table className="features" aria-label="Features">
          <tbody>
            {item.features.map((feature) => (
              <tr key={feature.name}>
                <th scope="row">{feature.name}</th>
                <td className="numeric">{feature.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ItemLabels item={item} labels={dataset.labels} taskType={dataset.taskType} />
      <dl className="facts">
        {item.metadata.map((entry) => (
          <div key={entry.key} className="fact">
            <dt>{entry.key}</dt>
            <dd>{entry.value}</dd>
          </div>
        ))}
        <dt>Id</dt>
        <dd>
          <code>{item.id}</code>
        </dd>
        <dt>Revision</dt>
        <dd>{item.revision}</dd>
        <dt>Imported</dt>
        <dd>{formatDateTime(item.createdAt)}</dd>
        <dt>Changed</dt>
        <dd>{formatDateTime(item.updatedAt)}</dd>
      </dl>
    </section>
  );
}
