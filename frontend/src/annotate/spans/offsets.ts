/**
 * Offsets of spans: the API counts Unicode code points of the stored text (Python `str` indexing: an emoji is one
 * character), JavaScript strings count UTF-16 code units (an emoji outside the BMP is two). The editor works in
 * UTF-16 indices of the text it shows and converts at the border, here.
 */

/** The code-point offset of UTF-16 index `index` of `text`; throws when `index` falls inside a surrogate pair. */
export function toCodePoints(text: string, index: number): number {
  if (index < 0 || index > text.length) throw new RangeError(`Offset ${index} is outside the text (0–${text.length}).`);
  if (splitsPair(text, index)) throw new RangeError(`Offset ${index} falls inside a surrogate pair.`);
  let points = 0;
  for (let i = 0; i < index; ) {
    i += (text.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
    points += 1;
  }
  return points;
}

/** The UTF-16 index of code-point offset `points` of `text` (the inverse of `toCodePoints`). */
export function toUtf16(text: string, points: number): number {
  let index = 0;
  for (let seen = 0; seen < points; seen += 1) {
    if (index >= text.length) throw new RangeError(`Offset ${points} is beyond the text (${Array.from(text).length} characters).`);
    index += (text.codePointAt(index) ?? 0) > 0xffff ? 2 : 1;
  }
  return index;
}

/** True when UTF-16 index `index` lies between the two halves of a surrogate pair. */
export function splitsPair(text: string, index: number): boolean {
  if (index <= 0 || index >= text.length) return false;
  const before = text.charCodeAt(index - 1);
  const after = text.charCodeAt(index);
  return before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff;
}

export interface Mark {
  start: number;
  end: number;
  label: string;
}

/** A span marked in UTF-16 indices as the API takes it: code-point offsets, with the marked text to check them. */
export function toSpanInput(text: string, mark: Mark): { start: number; end: number; label: string; text: string } {
  return { start: toCodePoints(text, mark.start), end: toCodePoints(text, mark.end), label: mark.label, text: text.slice(mark.start, mark.end) };
}

/** A span as the API sends it (code points) in UTF-16 indices of `text`. */
export function fromSpan(text: string, span: Mark): Mark {
  return { start: toUtf16(text, span.start), end: toUtf16(text, span.end), label: span.label };
}
