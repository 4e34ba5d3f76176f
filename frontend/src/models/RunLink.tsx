import { Link } from 'react-router';
import { trainingRunPath } from './paths';

/** A training run's id, linked to its page (a model is named after its dataset, where its runs live). */
export function RunLink({ datasetId, runId }: { datasetId: string; runId: string | null }) {
  if (!runId) return <span className="muted">—</span>;
  return (
    <Link to={trainingRunPath(datasetId, runId)}>
      <code>{runId}</code>
    </Link>
  );
}
