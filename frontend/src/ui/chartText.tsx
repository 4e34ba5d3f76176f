import type { ReactNode } from 'react';

/**
 * A chart legend's text in the page's text colour: Recharts draws it in the series colour, which is too light on
 * white for some series (WCAG 1.4.3); the swatch beside it keeps the colour.
 */
export function legendText(value: ReactNode): ReactNode {
  return <span style={{ color: '#1d2433' }}>{value}</span>;
}
