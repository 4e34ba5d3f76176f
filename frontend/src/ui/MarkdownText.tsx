import Markdown from 'react-markdown';

/**
 * Text written in Markdown (dataset instructions). react-markdown builds React elements (no innerHTML, so the strict
 * CSP holds), shows raw HTML as text instead of rendering it, and drops unsafe link targets (javascript:, data:…).
 */
export function MarkdownText({ text }: { text: string }) {
  return (
    <div className="instructions">
      <Markdown>{text}</Markdown>
    </div>
  );
}
