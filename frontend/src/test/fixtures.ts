import type { Permission, Role } from '../graphql/schema.generated';
import { DEFAULT_SHORTCUTS } from '../annotate/keyMap';
import type { Viewer } from '../viewer/ViewerContext';

const ALL: Permission[] = [
  'USE_ACCOUNT',
  'VIEW_DATA',
  'ANNOTATE',
  'PREDICT',
  'VIEW_MODELS',
  'REVIEW',
  'MANAGE_DATASETS',
  'TRAIN_MODEL',
  'PROMOTE_MODEL',
  'MANAGE_USERS',
  'USE_ADMIN_TOOLS',
];
const USER_HAS = new Set<Permission>(['USE_ACCOUNT', 'VIEW_DATA', 'ANNOTATE', 'PREDICT', 'VIEW_MODELS']);

export const MANAGE_USERS_REASON =
  "requires the permission 'manage_users' (create users, change their roles, disable them, reset their passwords), " +
  'which role ADMIN has and your role USER does not';

/** A viewer as the API returns it for the demo accounts (same permissions and reasons). */
export function viewerFixture(role: Role, overrides: Partial<Viewer> = {}): Viewer & { __typename: 'Viewer' } {
  return {
    __typename: 'Viewer',
    authMethod: 'ACCESS_TOKEN',
    user: {
      id: role === 'ADMIN' ? 'demo-admin' : 'demo-user',
      username: role === 'ADMIN' ? 'admin' : 'user',
      role,
      disabled: false,
      createdAt: '2026-01-02T03:04:05+00:00',
    },
    permissions: ALL.map((permission) => {
      const enabled = role === 'ADMIN' || USER_HAS.has(permission);
      return {
        permission,
        description: permission === 'MANAGE_USERS' ? 'create users, change their roles, disable them, reset their passwords' : `do ${permission.toLowerCase()}`,
        enabled,
        disabledReason: enabled
          ? null
          : permission === 'MANAGE_USERS'
            ? MANAGE_USERS_REASON
            : `requires the permission '${permission.toLowerCase()}', which role ADMIN has and your role USER does not`,
      };
    }),
    apiTokens: [],
    keyboardShortcuts: { ...DEFAULT_SHORTCUTS },
    ...overrides,
  };
}

export const UNAUTHENTICATED_ERROR = {
  message:
    "authentication required: the access token has expired: log in again. Send 'Authorization: Bearer <token>' (get one with `login`).",
  extensions: { code: 'UNAUTHENTICATED' },
};

/** A list as the API pages it: `XConnection { nodes, pageInfo, totalCount }`, all of it on one page. */
export function connectionFixture<T>(typename: string, nodes: T[], totalCount = nodes.length) {
  return {
    __typename: typename,
    nodes,
    totalCount,
    pageInfo: { __typename: 'PageInfo', hasNextPage: nodes.length < totalCount, endCursor: nodes.length ? 'end' : null },
  };
}
