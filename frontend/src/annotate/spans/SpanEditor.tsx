import { useEffect, useId, useMemo, useState, type CSSProperties, type KeyboardEvent, type ReactNode, type Ref } from 'react';
import { NO_COLOR, textColorOn } from '../../datasets/labelColors';
import type { Mark } from './offsets';
import { stops, tokenize, type Token } from './tokens';

interface LabelColor {
  name: string;
  color?: string | null;
}

export interface SpanEditorProps {
  text: string;
  spans: readonly Mark[];
  labels: readonly LabelColor[];
  /** The spans are the model's suggestion, not changed yet: drawn dashed. */
  suggested?: boolean;
  /** The selection as the session holds it (UTF-16 indices). */
  selection?: { start: number; end: number } | null | undefined;
  onSelect?: (selection: { start: number; end: number } | null) => void;
  onRemove?: (index: number) => void;
  /** Errors of the API by span index (`spans[i]`, `spans[i].label`), shown with that span. */
  errors?: Partial<Record<number, string>>;
  readOnly?: boolean;
  editorRef?: Ref<HTMLDivElement>;
  /** Its accessible name. */
  name?: string;
}

/**
 * The text of a SPANS item, to mark spans keyboard-first: ← / → move the caret word by word, Shift+← / → extend the
 * selection, a label's key (handled by the workspace: `WorkSession.select`) marks the selection; the mouse selects
 * too. Tab / Shift+Tab walk the spans (then Tab leaves), Delete or Backspace removes the focused span (or the one
 * under the caret). Spans are drawn in their label's colour with the label's name; a list below says them in words.
 */
export function SpanEditor(props: SpanEditorProps) {
  const { text, spans, labels, suggested = false, selection, onSelect, onRemove, errors = {}, readOnly = false } = props;
  const tokens = useMemo(() => tokenize(text), [text]);
  const caretStops = useMemo(() => stops(tokens), [tokens]);
  const [anchor, setAnchor] = useState(() => caretStops[0] ?? 0);
  const [focus, setFocus] = useState(() => caretStops[0] ?? 0);
  const [walked, setWalked] = useState(-1);
  const [said, setSaid] = useState('');
  const helpId = useId();
  const first = Math.min(anchor, focus);
  const last = Math.max(anchor, focus);
  const start = tokens[first]?.start ?? 0;
  const end = tokens[last]?.end ?? 0;

  useEffect(() => {
    if (readOnly || !onSelect || tokens.length === 0) return;
    if (!selection || selection.start !== start || selection.end !== end) onSelect({ start, end });
  }, [readOnly, onSelect, selection, start, end, tokens.length]);

  const colorOf = (label: string) => labels.find((l) => l.name === label)?.color ?? NO_COLOR;
  const describe = (mark: Mark) => `“${text.slice(mark.start, mark.end)}” ${mark.label}${suggested ? ' (suggested)' : ''}`;

  const moveCaret = (to: number, extend: boolean) => {
    setFocus(to);
    if (!extend) setAnchor(to);
    setWalked(-1);
    const a = extend ? Math.min(anchor, to) : to;
    const b = extend ? Math.max(anchor, to) : to;
    setSaid(`Selected: “${text.slice(tokens[a]!.start, tokens[b]!.end)}”`);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (readOnly || event.ctrlKey || event.metaKey || event.altKey) return;
    const at = caretStops.indexOf(focus);
    if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') {
      event.preventDefault();
      const next = caretStops[Math.max(0, Math.min(caretStops.length - 1, at + (event.key === 'ArrowLeft' ? -1 : 1)))];
      if (next !== undefined) moveCaret(next, event.shiftKey);
    } else if (event.key === 'Tab' && spans.length > 0) {
      const next = event.shiftKey ? walked - 1 : walked + 1;
      if (walked === -1 && event.shiftKey) return; // leave backwards
      if (next >= spans.length) {
        setWalked(-1); // past the last span: Tab leaves the text
        return;
      }
      event.preventDefault();
      setWalked(next);
      setSaid(next < 0 ? 'Back in the text.' : `Span ${next + 1} of ${spans.length}: ${describe(spans[next]!)}. Delete removes it.`);
    } else if (event.key === 'Delete' || event.key === 'Backspace') {
      const index = walked >= 0 ? walked : spans.findIndex((s) => s.start < end && start < s.end);
      event.preventDefault();
      if (index < 0 || !onRemove) return;
      setSaid(`Removed ${describe(spans[index]!)}.`);
      onRemove(index);
      setWalked(walked >= 0 ? Math.min(walked, spans.length - 2) : -1);
    } else if (event.key === 'Escape' && walked >= 0) {
      setWalked(-1);
    }
  };

  const onMouseUp = () => {
    if (readOnly) return;
    const chosen = window.getSelection();
    if (!chosen || chosen.rangeCount === 0) return;
    const tokenOf = (node: Node | null) => {
      const element = node instanceof Element ? node : (node?.parentElement ?? null);
      const index = element?.closest('[data-token]')?.getAttribute('data-token');
      return index === null || index === undefined ? null : Number(index);
    };
    let a = tokenOf(chosen.anchorNode);
    let b = tokenOf(chosen.focusNode);
    if (a === null || b === null) return;
    if (a > b) [a, b] = [b, a];
    // Whitespace at either end is left out: spans start and end on words.
    const inside = caretStops.filter((i) => i >= a! && i <= b!);
    if (inside.length === 0) return;
    setAnchor(inside[0]!);
    setFocus(inside.at(-1)!);
    setWalked(-1);
    setSaid(`Selected: “${text.slice(tokens[inside[0]!]!.start, tokens[inside.at(-1)!]!.end)}”`);
    chosen.removeAllRanges();
  };

  // The tokens, with each span's tokens grouped in a <mark> that names its label.
  const pieces: ReactNode[] = [];
  const tokenNode = (token: Token, i: number) => {
    const selected = !readOnly && i >= first && i <= last;
    return (
      <span key={i} data-token={i} className={selected ? 'span-token selected' : 'span-token'}>
        {token.text}
      </span>
    );
  };
  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i]!;
    const index = spans.findIndex((s) => s.start <= token.start && token.end <= s.end);
    if (index < 0) {
      pieces.push(tokenNode(token, i));
      i += 1;
      continue;
    }
    const mark = spans[index]!;
    const inner: ReactNode[] = [];
    while (i < tokens.length && tokens[i]!.end <= mark.end) {
      inner.push(tokenNode(tokens[i]!, i));
      i += 1;
    }
    const color = colorOf(mark.label);
    const style = { '--label-color': color, '--label-text': textColorOn(color) } as CSSProperties;
    pieces.push(
      <mark
        key={`m${index}`}
        className={`span-mark${suggested ? ' suggested' : ''}${walked === index ? ' walked' : ''}${errors[index] ? ' invalid' : ''}`}
        style={style}
        data-span={index}
      >
        {inner}
        <span className="span-label">
          {mark.label}
          {suggested ? ' ?' : ''}
        </span>
      </mark>,
    );
  }

  return (
    <div className="span-editor">
      <div
        ref={props.editorRef}
        className="item-text work-text span-text"
        tabIndex={readOnly ? undefined : 0}
        role={readOnly ? undefined : 'group'}
        aria-label={readOnly ? undefined : (props.name ?? 'Text to mark')}
        aria-describedby={readOnly ? undefined : helpId}
        onKeyDown={onKeyDown}
        onMouseUp={onMouseUp}
        data-selection={readOnly ? undefined : `${start}-${end}`}
      >
        {pieces}
      </div>
      {!readOnly && (
        <p id={helpId} className="muted span-help">
          ← / → move word by word, Shift extends the selection, a label&apos;s key marks it; Tab walks the spans, Delete removes one.
        </p>
      )}
      <ol className="span-list" aria-label={suggested ? 'Suggested spans' : 'Spans'}>
        {spans.map((mark, n) => (
          <li key={`${mark.start}-${mark.end}`} className={walked === n ? 'walked' : undefined}>
            <span className="span-list-text">{text.slice(mark.start, mark.end)}</span> <span className="badge">{mark.label}</span>
            {suggested && <span className="muted"> suggested</span>}
            {errors[n] && <small className="field-error"> {errors[n]}</small>}
          </li>
        ))}
        {spans.length === 0 && <li className="muted">No spans{readOnly ? '' : ' marked yet'}.</li>}
      </ol>
      {!readOnly && (
        <p className="visually-hidden" aria-live="polite">
          {said}
        </p>
      )}
    </div>
  );
}
