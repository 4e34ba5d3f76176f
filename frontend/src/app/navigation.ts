import type { Permission } from '../graphql/schema.generated';

export interface NavItem {
  to: string;
  label: string;
  /** Shown only to viewers with this permission (the route itself is guarded too). */
  permission?: Permission;
}

/** The main navigation, in order. A new page adds itself here with the permission its API calls need. */
export const NAV_ITEMS: readonly NavItem[] = [
  { to: '/', label: 'Home' },
  { to: '/datasets', label: 'Datasets', permission: 'VIEW_DATA' },
  { to: '/training', label: 'Training', permission: 'VIEW_MODELS' },
  { to: '/models', label: 'Models', permission: 'VIEW_MODELS' },
  { to: '/account', label: 'Account' },
  { to: '/users', label: 'Users', permission: 'MANAGE_USERS' },
];
