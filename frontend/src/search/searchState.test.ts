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
      metadata: [
        ['source', ['web', 'app']],
        ['lang', ['en']],
      ],
    });
    expect(writeSearchState(state).toString()).toBe(query);
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
