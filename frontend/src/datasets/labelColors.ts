/** Colours offered to new labels, in order (Tableau 10: distinct, and readable with dark or white text). */
export const PALETTE = [
  '#1f77b4',
  '#2ca02c',
  '#d62728',
  '#ff7f0e',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#17becf',
  '#bcbd22',
  '#7f7f7f',
] as const;

export const NO_COLOR = '#c9ced8';

/** Dark or white text, whichever contrasts more with the background colour. */
export { textColorOn } from '../ui/contrast';
