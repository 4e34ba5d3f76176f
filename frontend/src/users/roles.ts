import type { Role } from '../graphql/schema.generated';

export const ROLES: readonly { value: Role; label: string }[] = [
  { value: 'USER', label: 'USER — annotator' },
  { value: 'ADMIN', label: 'ADMIN — ML engineer' },
];
