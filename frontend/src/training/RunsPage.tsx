import { Link } from 'react-router';
import { useTitle } from '../app/useTitle';
import { useDatasetContext } from '../datasets/datasetContext';
import { useCan } from '../viewer/permissions';
import { trainPath } from './paths';
import { RunsList } from './RunsList';

/** `/datasets/:id/training`: the dataset's training runs, and the way to a new one. */
export function RunsPage() {
  const { dataset } = useDatasetContext();
  const can = useCan('TRAIN_MODEL');
  useTitle(`Training · ${dataset.name}`);
  return (
    <section className="card" aria-labelledby="runs-title">
      <div className="card-header">
        <h2 id="runs-title">Training runs</h2>
        <Link className="button-link" to={trainPath(dataset.id)}>
          {can.enabled ? 'New training' : 'The training form'}
        </Link>
      </div>
      <p className="muted">
        Each run is tracked in MLflow; one that succeeds is registered as a new version of the model{' '}
        <code>{dataset.id}</code>.
      </p>
      <RunsList datasetId={dataset.id} />
    </section>
  );
}

/** `/training`: the runs of every dataset, newest first. */
export function AllRunsPage() {
  useTitle('Training');
  return (
    <section aria-labelledby="all-runs-title">
      <h1 id="all-runs-title">Training runs</h1>
      <p className="muted">
        Every dataset’s runs, newest first. To start one, open a dataset and its <strong>Training</strong> tab.
      </p>
      <div className="card">
        <RunsList datasetId={null} />
      </div>
    </section>
  );
}
