import { useCan } from '../viewer/permissions';
import { DATABASE_BROWSER, MLFLOW, useOpenAdminTool, type AdminTool } from './openAdminTool';

function ToolLink({ tool, label }: { tool: AdminTool; label: string }) {
  const open = useOpenAdminTool(tool);
  return (
    <a href={tool.url} target="_blank" rel="noopener noreferrer" onClick={(event) => void open(event)}>
      {label} <span aria-hidden="true">↗</span>
      <span className="visually-hidden"> (opens in a new tab)</span>
    </a>
  );
}

/** Links to the admin tools Nginx serves to ADMINs (USE_ADMIN_TOOLS); nothing for anyone else. */
export function AdminTools() {
  const can = useCan('USE_ADMIN_TOOLS');
  if (!can.enabled) return null;
  return (
    <section className="card" aria-labelledby="admin-tools-title">
      <h2 id="admin-tools-title">Admin tools</h2>
      <dl className="facts">
        <dt>
          <ToolLink tool={MLFLOW} label="MLflow UI" />
        </dt>
        <dd>Experiments, runs, metrics and artifacts of every training.</dd>
        <dt>
          <ToolLink tool={DATABASE_BROWSER} label="Database browser" />
        </dt>
        <dd>The stored MongoDB documents, by collection and id (mongo-express, read-only by default).</dd>
      </dl>
    </section>
  );
}
