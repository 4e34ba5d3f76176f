import { describe, expect, it } from 'vitest';
import {
  enumName,
  formatCount,
  formatDate,
  formatDateTime,
  formatDecimal,
  formatDelta,
  formatDuration,
  formatMs,
  formatNumber,
  formatShare,
  formatTime,
  modelTypeName,
  plural,
} from './format';

// The test runner's locale is the machine's (en-US here and in CI); the time zone too, so times are made
// from local parts.
const LOCAL = new Date(2026, 11, 6, 10, 15, 3).toISOString();

describe('format', () => {
  it('formats counts with grouping and plurals with the right noun', () => {
    expect(formatCount(12345)).toBe('12,345');
    expect(formatCount(null)).toBe('—');
    expect(plural(1, 'conflict')).toBe('1 conflict');
    expect(plural(0, 'conflict')).toBe('0 conflicts');
    expect(plural(1204, 'item')).toBe('1,204 items');
    expect(plural(2, 'entry', 'entries')).toBe('2 entries');
  });

  it('formats every share as a percentage with one decimal and a space', () => {
    expect(formatShare(0.5923)).toBe('59.2 %');
    expect(formatShare(0.75)).toBe('75.0 %');
    expect(formatShare(1)).toBe('100.0 %');
    expect(formatShare(0.5, 0)).toBe('50 %');
    expect(formatShare(undefined)).toBe('—');
    expect(formatShare(Number.NaN)).toBe('—');
  });

  it('formats measures with fixed decimals, deltas with a sign, and at most n decimals', () => {
    expect(formatDecimal(0.59234)).toBe('0.592');
    expect(formatDecimal(0.5, 2)).toBe('0.50');
    expect(formatDelta(0.5, 0.542)).toBe('+0.042');
    expect(formatDelta(0.542, 0.5)).toBe('−0.042');
    expect(formatDelta(0.5, 0.5002)).toBe('±0.000');
    expect(formatDelta(null, 0.5)).toBe('—');
    expect(formatNumber(42.54)).toBe('42.5');
    expect(formatNumber(3)).toBe('3');
  });

  it('formats latencies and durations', () => {
    expect(formatMs(3.42)).toBe('3.4 ms');
    expect(formatMs(1234.4)).toBe('1,234 ms');
    expect(formatDuration(2.46)).toBe('2.5 s');
    expect(formatDuration(200)).toBe('3 min 20 s');
  });

  it('formats dates one way: medium date, short time; chart times as hours and minutes', () => {
    expect(formatDateTime(LOCAL)).toBe('Dec 6, 2026, 10:15 AM');
    expect(formatDate(LOCAL)).toBe('Dec 6, 2026');
    expect(formatTime(LOCAL)).toBe('10:15 AM');
    expect(formatTime(new Date(LOCAL), { seconds: true })).toBe('10:15:03 AM');
    expect(formatDateTime('not a date')).toBe('not a date');
  });

  it('names model types as people say them, and other enum values in words', () => {
    expect(modelTypeName('TFIDF_SGD')).toBe('TF-IDF + SGD');
    expect(modelTypeName('TFIDF_MULTINOMIAL_NB')).toBe('TF-IDF + multinomial NB');
    expect(modelTypeName('HIST_GRADIENT_BOOSTING')).toBe('Histogram gradient boosting');
    expect(enumName('CROSS_VALIDATION')).toBe('cross validation');
  });
});
