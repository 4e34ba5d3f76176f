import type { ReactNode } from 'react';

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** `&lt;b&gt; &#x27;` → `<b> '`: the text of an HTML-escaped passage (as text, never as markup). */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (entity, code: string) => {
    if (code[0] === '#') {
      const point = code[1] === 'x' || code[1] === 'X' ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
      return Number.isFinite(point) && point > 0 && point <= 0x10ffff ? String.fromCodePoint(point) : entity;
    }
    return NAMED[code.toLowerCase()] ?? entity;
  });
}

/**
 * A highlighted passage from the API: HTML-escaped text where only `<mark>` and `</mark>` are tags. It is never
 * parsed as HTML: split on those two tags, every other part is decoded and rendered as a text node, so a
 * `<script>` in an item's text stays text.
 */
export function Highlight({ passage }: { passage: string }) {
  const nodes: ReactNode[] = [];
  let marked = false;
  passage.split(/(<mark>|<\/mark>)/).forEach((part, index) => {
    if (part === '<mark>') marked = true;
    else if (part === '</mark>') marked = false;
    else if (part) nodes.push(marked ? <mark key={index}>{decodeEntities(part)}</mark> : decodeEntities(part));
  });
  return <>{nodes}</>;
}
