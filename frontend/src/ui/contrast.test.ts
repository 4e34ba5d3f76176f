import { describe, expect, it } from 'vitest';
import { contrastRatio, DARK_TEXT, LIGHT_TEXT, overWhite, textColorOn } from './contrast';

describe('WCAG contrast', () => {
  it('computes the WCAG ratio: black on white is 21:1, a colour on itself 1:1, the REVIEWED badge 5.5:1', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#2f54c6', '#2f54c6')).toBe(1);
    expect(contrastRatio('#0f6b34', '#d7efe0')).toBeCloseTo(5.46, 2);
  });

  it('mixes a colour over white as the eye sees it', () => {
    expect(overWhite('#2f54c6', 0)).toBe('#ffffff');
    expect(overWhite('#2f54c6', 1)).toBe('#2f54c6');
    expect(overWhite('#2f54c6', 0.75)).toBe('#637fd4');
  });

  it('picks text that reaches 4.5:1 on every shade of a confusion matrix cell, and dark text on light ones', () => {
    for (let step = 0; step <= 100; step++) {
      const background = overWhite('#2f54c6', (step / 100) * 0.9);
      expect(contrastRatio(textColorOn(background), background)).toBeGreaterThanOrEqual(4.5);
    }
    expect(textColorOn('#ffffff')).toBe(DARK_TEXT);
    expect(textColorOn('#748cd9')).toBe(DARK_TEXT); // where the matrix used to switch to white (3.2:1)
    expect(textColorOn('#637fd4')).toBe('#000000'); // neither the dark text (4.1:1) nor white (3.8:1) reaches 4.5:1
    expect(textColorOn('#2f54c6')).toBe(LIGHT_TEXT);
  });

  it('picks a readable text colour on every label colour of the palette', () => {
    for (const color of ['#1f77b4', '#2ca02c', '#d62728', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#7f7f7f', '#c9ced8']) {
      expect(contrastRatio(textColorOn(color), color)).toBeGreaterThanOrEqual(4.5);
    }
  });
});
