/**
 * The text of a SPANS item as tokens: words, punctuation and symbols (emoji with their modifiers stay whole), and
 * the whitespace between them, so that joining the tokens gives the text back character for character. Token
 * boundaries are grapheme boundaries (Intl.Segmenter): a span made of whole tokens never splits a surrogate pair.
 */
export interface Token {
  /** UTF-16 index of its first code unit. */
  start: number;
  /** UTF-16 index just past it. */
  end: number;
  text: string;
  /** Whitespace: shown, but the caret passes over it. */
  space: boolean;
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const { segment, index } of segmenter.segment(text)) {
    tokens.push({ start: index, end: index + segment.length, text: segment, space: segment.trim() === '' });
  }
  return tokens;
}

/** The indices of the tokens the caret stops at (not whitespace). */
export function stops(tokens: readonly Token[]): number[] {
  return tokens.flatMap((token, i) => (token.space ? [] : [i]));
}
