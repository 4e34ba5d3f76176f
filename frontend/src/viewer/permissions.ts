import type { Permission } from '../graphql/schema.generated';
import type { Viewer } from './ViewerContext';
import { useViewer } from './ViewerContext';

export type { Permission };

/** Whether the viewer may use a permission, and if not, why (the API's own sentence). */
export interface Ability {
  enabled: boolean;
  /** Why not, for the disabled control; null when enabled. */
  reason: string | null;
  /** What the permission allows. */
  description: string;
}

export function abilityOf(viewer: Viewer, permission: Permission): Ability {
  const grant = viewer.permissions.find((p) => p.permission === permission);
  if (!grant) {
    return { enabled: false, reason: `the API did not say whether you have ${permission}`, description: '' };
  }
  return {
    enabled: grant.enabled,
    reason: grant.enabled ? null : (grant.disabledReason ?? `your role does not have ${permission}`),
    description: grant.description,
  };
}

/** `useCan('MANAGE_USERS')` → `{ enabled, reason, description }` from `viewer.permissions`. */
export function useCan(permission: Permission): Ability {
  return abilityOf(useViewer(), permission);
}
