import { MLFLOW, useOpenAdminTool } from '../admin/openAdminTool';
import { useCan } from '../viewer/permissions';
import { mlflowRunUrl } from './paths';

/**
 * The MLflow run id, linked to its page in the MLflow UI for viewers who may open it (use_admin_tools). A tab cannot
 * send the Bearer header, so a click first trades the token for the HttpOnly cookie of /mlflow/
 * (`POST /auth/mlflow-session`), then opens the page in a new tab.
 */
export function MlflowLink({ experimentId, runId }: { experimentId: string | null; runId: string | null }) {
  const can = useCan('USE_ADMIN_TOOLS');
  const open = useOpenAdminTool(MLFLOW);
  if (!runId) return <span className="muted">Not started yet</span>;
  if (!experimentId || !can.enabled) {
    return (
      <>
        <code data-testid="mlflow-run-id">{runId}</code>
        {!can.enabled && can.reason && <small className="reason"> — opening MLflow {can.reason}.</small>}
      </>
    );
  }
  const url = mlflowRunUrl(experimentId, runId);
  return (
    <a href={url} target="_blank" rel="noopener noreferrer" onClick={(event) => void open(event, url)} data-testid="mlflow-run-id">
      <code>{runId}</code> <span aria-hidden="true">↗</span>
      <span className="visually-hidden"> (opens MLflow in a new tab)</span>
    </a>
  );
}
