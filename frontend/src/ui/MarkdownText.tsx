import { lazy, Suspense } from 'react';

const MarkdownBody = lazy(() => import('./MarkdownBody'));

/**
 * Text written in Markdown (dataset instructions). react-markdown builds React elements (no innerHTML, so the strict
 * CSP holds), shows raw HTML as text instead of rendering it, and drops unsafe link targets (javascript:, data:…).
 * It is loaded on demand; meanwhile the text shows as written.
 */
export function MarkdownText({ text }: { text: string }) {
  return (
    <div className="instructions">
      <Suspense fallback={<p className="instructions-source">{text}</p>}>
        <MarkdownBody text={text} />
      </Suspense>
    </div>
  );
}
