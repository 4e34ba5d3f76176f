import type { MouseEvent } from 'react';
import { useSessionStore } from '../auth/SessionContext';
import { useToastStore } from '../toast/Toaster';
import { sentence } from '../ui/format';

/** A web tool Nginx serves to ADMINs only (permission USE_ADMIN_TOOLS), behind the API's check. */
export interface AdminTool {
  /** How messages name it. */
  name: string;
  /** Where the API trades the Bearer token for the tool's HttpOnly cookie, limited to the tool's path. */
  sessionPath: string;
  /** The tool's start page. */
  url: string;
}

export const MLFLOW: AdminTool = { name: 'MLflow', sessionPath: '/auth/mlflow-session', url: '/mlflow/' };
export const DATABASE_BROWSER: AdminTool = {
  name: 'the database browser',
  sessionPath: '/auth/mongo-express-session',
  url: '/mongo-express/',
};

/**
 * A click handler that opens `url` of `tool` in a new tab. A tab cannot send the Bearer header, so the token is
 * first traded for the tool's cookie (`POST <sessionPath>`); a refusal is shown as a toast, with the API's reason.
 */
export function useOpenAdminTool(tool: AdminTool) {
  const session = useSessionStore();
  const toasts = useToastStore();
  return async (event: MouseEvent<HTMLAnchorElement>, url: string = tool.url) => {
    event.preventDefault();
    const tab = window.open('', '_blank'); // now, while the click counts: a tab opened after an await is blocked
    if (tab) tab.opener = null;
    const { token } = session.getSnapshot();
    try {
      const response = await fetch(tool.sessionPath, {
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
      toasts.showError(`Cannot open ${tool.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
}
