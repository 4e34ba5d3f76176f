import type { MouseEvent } from 'react';
import { useSessionStore } from '../auth/SessionContext';
import { useToastStore } from '../toast/Toaster';
import { sentence } from '../ui/format';
import { useCan } from '../viewer/permissions';
import { mlflowRunUrl } from './paths';

/**
 * The MLflow run id, linked to its page in the MLflow UI for viewers who may open it (train_model). A tab cannot
 * send the Bearer header, so a click first trades the token for the HttpOnly cookie of /mlflow/
 * (`POST /auth/mlflow-session`), then opens the page in a new tab.
 */
export function MlflowLink({ experimentId, runId }: { experimentId: string | null; runId: string | null }) {
  const can = useCan('TRAIN_MODEL');
  const session = useSessionStore();
  const toasts = useToastStore();
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

  async function open(event: MouseEvent<HTMLAnchorElement>) {
    event.preventDefault();
    const tab = window.open('', '_blank'); // now, while the click counts: a tab opened after an await is blocked
    if (tab) tab.opener = null;
    const { token } = session.getSnapshot();
    try {
      const response = await fetch('/auth/mlflow-session', {
        method: 'POST',
        headers: token ? { Authorization: `Bearer ${token}` } : {},
      });
      if (!response.ok) {
        const body = (await response.json().catch(() => ({}))) as { error?: string };
        throw new Error(body.error ? sentence(body.error) : `HTTP ${response.status}`);
      }
      if (tab) tab.location.href = url;
      else window.location.assign(url);
    } catch (error) {
      tab?.close();
      toasts.showError(`Cannot open MLflow: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  return (
    <a href={url} target="_blank" rel="noopener noreferrer" onClick={(event) => void open(event)} data-testid="mlflow-run-id">
      <code>{runId}</code> <span aria-hidden="true">↗</span>
      <span className="visually-hidden"> (opens MLflow in a new tab)</span>
    </a>
  );
}
