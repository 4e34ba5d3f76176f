/** WCAG 2.1 contrast (1.4.3): relative luminance, contrast ratio, and the text colour to put on a background. */

export const DARK_TEXT = '#1d2433';
export const LIGHT_TEXT = '#ffffff';

function channel(hex: string, index: number): number {
  const value = parseInt(hex.slice(1 + index * 2, 3 + index * 2), 16) / 255;
  return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
}

/** WCAG relative luminance of #rrggbb. */
export function luminance(hex: string): number {
  return 0.2126 * channel(hex, 0) + 0.7152 * channel(hex, 1) + 0.0722 * channel(hex, 2);
}

/** The WCAG contrast ratio of two #rrggbb colours, 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** The contrast normal text needs (WCAG 1.4.3, level AA). */
export const AA_TEXT = 4.5;

/**
 * The page's dark text or white, whichever contrasts more with the background (#rrggbb; anything else: dark).
 * On mid-tones where neither reaches 4.5:1, black instead of the dark text: the better of black and white always
 * reaches √21 ≈ 4.58:1.
 */
export function textColorOn(background: string): string {
  if (!/^#[0-9a-f]{6}$/i.test(background)) return DARK_TEXT;
  const onLight = contrastRatio(LIGHT_TEXT, background);
  const onDark = contrastRatio(DARK_TEXT, background);
  if (Math.max(onLight, onDark) >= AA_TEXT) return onLight >= onDark ? LIGHT_TEXT : DARK_TEXT;
  return onLight >= contrastRatio('#000000', background) ? LIGHT_TEXT : '#000000';
}

/** `color` (#rrggbb) at `alpha` (0 to 1) over white, as the opaque #rrggbb the eye sees. */
export function overWhite(color: string, alpha: number): string {
  const a = Math.min(1, Math.max(0, alpha));
  const mixed = [0, 1, 2].map((i) => Math.round(255 * (1 - a) + parseInt(color.slice(1 + i * 2, 3 + i * 2), 16) * a));
  return `#${mixed.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}
