import Markdown from 'react-markdown';

/** The Markdown renderer, in its own chunk (loaded by MarkdownText when first needed). */
export default function MarkdownBody({ text }: { text: string }) {
  return <Markdown>{text}</Markdown>;
}
