import type { ReactNode } from 'react';

/**
 * A wide table in its own horizontal scroll box, so that at phone width or 200 % zoom the page itself does not
 * scroll sideways (WCAG 1.4.10). The box is a named region that takes the focus, so that keyboard users can
 * scroll it too (axe: scrollable-region-focusable).
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
