import { useCallback, useMemo, useState } from 'react';
import { Link, NavLink, Outlet, useParams } from 'react-router';
import { useQuery } from 'urql';
import { useTitle } from '../app/useTitle';
import { describeError } from '../graphql/errors';
import { abilityOf } from '../viewer/permissions';
import { useViewer } from '../viewer/ViewerContext';
import { datasetPath, type DatasetContextValue } from './datasetContext';
import { DatasetDocument } from '../graphql/shared/items.generated';
import { taskTypeName } from './taskTypes';

/**
 * The frame of one dataset's pages: its name, kind and state, and their navigation (Overview, Search, Annotate,
 * Review, Agreement, Training; a tab whose permission the viewer lacks is not shown, as in the main navigation).
 */
export function DatasetLayout() {
  const { datasetId = '' } = useParams();
  const viewer = useViewer();
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: DatasetDocument,
    variables: { id: datasetId },
    requestPolicy: 'cache-and-network',
  });
  const [version, setVersion] = useState(0);
  const refresh = useCallback(() => {
    reexecute({ requestPolicy: 'network-only' });
    setVersion((v) => v + 1);
  }, [reexecute]);
  const dataset = data?.dataset;
  const context = useMemo<DatasetContextValue | null>(
    () => (dataset ? { dataset, version, refresh } : null),
    [dataset, version, refresh],
  );

  if (!data) {
    if (error) return <p role="alert">Cannot load the dataset: {describeError(error)}</p>;
    return <p role="status">Loading the dataset…</p>;
  }
  if (!dataset || !context) {
    return <NoSuchDataset datasetId={datasetId} />;
  }
  return (
    <div aria-busy={fetching}>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/datasets">Datasets</Link> <span aria-hidden="true">/</span> <span>{dataset.name}</span>
      </nav>
      <div className="dataset-title">
        <h1>{dataset.name}</h1>
        <span className="badge">{dataset.kind}</span>
        <span className="badge" data-task-type={dataset.taskType}>
          {taskTypeName(dataset.taskType)}
        </span>
        {dataset.archived && <span className="badge badge-archived">ARCHIVED</span>}
      </div>
      <nav aria-label="Dataset" className="tabs">
        <NavLink to={datasetPath(dataset.id)} end>
          Overview
        </NavLink>
        <NavLink to={datasetPath(dataset.id, '/search')}>Search</NavLink>
        {abilityOf(viewer, 'ANNOTATE').enabled && <NavLink to={datasetPath(dataset.id, '/annotate')}>Annotate</NavLink>}
        {abilityOf(viewer, 'REVIEW').enabled && <NavLink to={datasetPath(dataset.id, '/review')}>Review</NavLink>}
        <NavLink to={datasetPath(dataset.id, '/agreement')}>Agreement</NavLink>
        {abilityOf(viewer, 'VIEW_MODELS').enabled && <NavLink to={datasetPath(dataset.id, '/training')}>Training</NavLink>}
      </nav>
      <Outlet context={context} />
    </div>
  );
}

function NoSuchDataset({ datasetId }: { datasetId: string }) {
  useTitle('No such dataset');
  return (
    <section className="denied" aria-labelledby="no-dataset-title">
      <h1 id="no-dataset-title">No such dataset</h1>
      <p>No dataset has the id “{datasetId}”: it may have been renamed, or the link is wrong.</p>
      <p>
        <Link to="/datasets">All datasets</Link>
      </p>
    </section>
  );
}
