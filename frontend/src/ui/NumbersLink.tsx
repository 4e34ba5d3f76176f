import type { MouseEvent } from 'react';

/**
 * The text alternative of a chart (WCAG 1.1.1): a link to the table of the same numbers. The table sits in a
 * closed "The numbers" <details>, which the link opens before the browser scrolls to it. The chart's figure also
 * names the table with aria-describedby.
 */
export function NumbersLink({ target, children = 'The numbers, as a table' }: { target: string; children?: string }) {
  const open = (event: MouseEvent<HTMLAnchorElement>) => {
    const table = document.getElementById(target);
    const details = table?.closest('details');
    if (details) details.open = true;
    if (table) {
      event.preventDefault();
      table.scrollIntoView({ block: 'start' });
      table.focus({ preventScroll: true });
    }
  };
  return (
    <a className="numbers-link" href={`#${target}`} onClick={open}>
      {children}
    </a>
  );
}
