import type { ItemStatus } from '../graphql/schema.generated';

/** The workflow order: UNLABELED → IN_PROGRESS → AGREED or CONFLICT → REVIEWED. */
export const STATUS_ORDER: readonly ItemStatus[] = ['UNLABELED', 'IN_PROGRESS', 'AGREED', 'CONFLICT', 'REVIEWED'];

export const STATUS_COLORS: Record<ItemStatus, string> = {
  UNLABELED: '#9aa3b5',
  IN_PROGRESS: '#2f54c6',
  AGREED: '#2ca02c',
  CONFLICT: '#d62728',
  REVIEWED: '#127a3c',
};

export function isItemStatus(value: string): value is ItemStatus {
  return (STATUS_ORDER as readonly string[]).includes(value);
}

/** An item's workflow status as a badge. */
export function StatusBadge({ status }: { status: ItemStatus }) {
  return <span className={`badge item-status item-status-${status}`}>{status.replace('_', ' ')}</span>;
}
