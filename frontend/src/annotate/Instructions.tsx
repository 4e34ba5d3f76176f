import { MarkdownText } from '../ui/MarkdownText';

/** The dataset's guidelines (Markdown), open at first and collapsible (a summary is reachable with Tab, Enter toggles it). */
export function Instructions({ text }: { text: string }) {
  if (!text.trim()) return null;
  return (
    <details className="card work-instructions" open>
      <summary>Instructions</summary>
      <MarkdownText text={text} />
    </details>
  );
}
