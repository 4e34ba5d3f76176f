import { describe, expect, it } from 'vitest';
import { filterOf, readSearchState, toggleFacet, writeSearchState } from './searchState';

describe('search state in the URL', () => {
  it('reads and writes the query string', () => {
    const query = 'q=battery+life&sort=NEWEST&status=REVIEWED&gold=pos&m.source=web&m.source=app&m.lang=en';
    const state = readSearchState(new URLSearchParams(query));
    expect(state).toEqual({
      query: 'battery life',
      sort: 'NEWEST',
      statuses: ['REVIEWED'],
      labels: [],
      goldLabels: ['pos'],
      annotators: [],
      spanTexts: [],
      spanMarks: [],
      metadata: [
        ['source', ['web', 'app']],
        ['lang', ['en']],
      ],
      ranges: [],
    });
    expect(writeSearchState(state).toString()).toBe(query);
  });

  it('keeps marked texts and label/text marks of spans in the URL, and asks for them as spanTexts and spanMarks', () => {
    const query = 'text=paris&mark=LOC%E2%90%9Fparis&mark=PER%E2%90%9Fparis+hilton';
    const state = readSearchState(new URLSearchParams(query));
    expect(state.spanTexts).toEqual(['paris']);
    expect(state.spanMarks).toEqual(['LOC\u241fparis', 'PER\u241fparis hilton']);
    expect(writeSearchState(state).toString()).toBe(query);
    expect(filterOf(state)).toEqual({
      spanTexts: ['paris'],
      spanMarks: [
        { label: 'LOC', text: 'paris' },
        { label: 'PER', text: 'paris hilton' },
      ],
    });
    expect(filterOf(toggleFacet(state, { kind: 'spanMarks' }, 'LOC\u241fparis'))).toEqual({
      spanTexts: ['paris'],
      spanMarks: [{ label: 'PER', text: 'paris hilton' }],
    });
  });

  it('keeps numeric ranges in the URL as r.<key>=min..max, several per key', () => {
    const query = 'r.score=0.2..0.4&r.score=0.8..1&r.size=..10';
    const state = readSearchState(new URLSearchParams(query));
    expect(state.ranges).toEqual([
      ['score', ['0.2..0.4', '0.8..1']],
      ['size', ['..10']],
    ]);
    expect(writeSearchState(state).toString()).toBe(query);
    expect(filterOf(state)).toEqual({
      metadataRanges: [
        { key: 'score', min: 0.2, max: 0.4 },
        { key: 'score', min: 0.8, max: 1 },
        { key: 'size', min: null, max: 10 },
      ],
    });
  });

  it('adds a second value of one facet instead of replacing the first (OR within a facet)', () => {
    let state = readSearchState(new URLSearchParams(''));
    state = toggleFacet(state, { kind: 'goldLabels' }, 'pos');
    state = toggleFacet(state, { kind: 'goldLabels' }, 'neg');
    state = toggleFacet(state, { kind: 'range', key: 'score' }, '0..0.2');
    expect(filterOf(state)).toEqual({ goldLabels: ['pos', 'neg'], metadataRanges: [{ key: 'score', min: 0, max: 0.2 }] });
    state = toggleFacet(state, { kind: 'range', key: 'score' }, '0..0.2');
    expect(state.ranges).toEqual([]);
  });

  it('ignores unknown statuses and sorts', () => {
    const state = readSearchState(new URLSearchParams('status=NOPE&status=AGREED&sort=SIDEWAYS'));
    expect(state.statuses).toEqual(['AGREED']);
    expect(state.sort).toBe('RELEVANCE');
  });

  it('toggles facet values and builds the ItemFilter', () => {
    let state = readSearchState(new URLSearchParams('q=screen'));
    expect(filterOf(state)).toBeNull();
    state = toggleFacet(state, { kind: 'metadata', key: 'source' }, 'web');
    state = toggleFacet(state, { kind: 'goldLabels' }, 'pos');
    expect(filterOf(state)).toEqual({ goldLabels: ['pos'], metadata: [{ key: 'source', values: ['web'] }] });
    expect(filterOf(state, { withText: true })).toMatchObject({ text: 'screen' });
    state = toggleFacet(state, { kind: 'metadata', key: 'source' }, 'web');
    expect(state.metadata).toEqual([]);
    expect(filterOf(state)).toEqual({ goldLabels: ['pos'] });
  });
});
