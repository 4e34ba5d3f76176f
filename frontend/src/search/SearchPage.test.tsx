import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { datasetFixture, hitFixture, searchResultsFixture } from '../test/datasetFixtures';
import { viewerFixture } from '../test/fixtures';
import { renderApp, type Answer } from '../test/renderApp';

/** The fake API: records every first-page Search request, and every "Load more" one (with `after`). */
function api(searches: Record<string, unknown>[] = [], more: Record<string, unknown>[] = []) {
  return (name: string, variables: Record<string, unknown>): Answer => {
    if (name === 'Viewer') return { data: { viewer: viewerFixture('USER') } };
    if (name === 'Dataset') return { data: { dataset: datasetFixture() } };
    if (name === 'Search' && variables.after) {
      more.push(variables);
      return { data: { search: searchResultsFixture([hitFixture('r3')], 12, false) } };
    }
    if (name === 'Search') {
      searches.push(variables);
      const hits = [hitFixture('r1', { highlights: ['the <mark>battery</mark> died'] }), hitFixture('r2')];
      return { data: { search: searchResultsFixture(hits, 12, true) } };
    }
    throw new Error(`unexpected ${name}`);
  };
}

describe('Search page', () => {
  it('a click on a facet value toggles it in the filter and in the URL', async () => {
    const searches: Record<string, unknown>[] = [];
    const { router } = renderApp('/datasets/reviews/search?q=battery', api(searches));
    const user = userEvent.setup();
    expect(await screen.findByTestId('total')).toHaveTextContent('12 results');
    expect(searches[0]).toEqual({
      datasetId: 'reviews',
      query: 'battery',
      filter: null,
      sort: 'RELEVANCE',
      first: 20,
      withFacets: true,
    });

    const source = screen.getByRole('region', { name: 'source' });
    const web = within(source).getByRole('button', { name: /^web/ });
    expect(web).toHaveAttribute('aria-pressed', 'false');
    await user.click(web);
    await waitFor(() =>
      expect(searches.at(-1)).toMatchObject({ filter: { metadata: [{ key: 'source', values: ['web'] }] } }),
    );
    expect(router.state.location.search).toBe('?q=battery&m.source=web');
    expect(within(screen.getByRole('region', { name: 'source' })).getByRole('button', { name: /^web/ })).toHaveAttribute(
      'aria-pressed',
      'true',
    );

    await user.click(within(screen.getByRole('region', { name: 'Status' })).getByRole('button', { name: /^REVIEWED/ }));
    await waitFor(() =>
      expect(searches.at(-1)).toMatchObject({
        filter: { statuses: ['REVIEWED'], metadata: [{ key: 'source', values: ['web'] }] },
      }),
    );

    await user.click(within(screen.getByRole('region', { name: 'source' })).getByRole('button', { name: /^web/ }));
    await waitFor(() => expect(searches.at(-1)).toMatchObject({ filter: { statuses: ['REVIEWED'] } }));
    expect(searches.at(-1)?.filter).not.toHaveProperty('metadata');
    expect(router.state.location.search).toBe('?q=battery&status=REVIEWED');
  });

  it('numeric metadata is a group of ranges; two ranges or two values of one facet are both kept', async () => {
    const searches: Record<string, unknown>[] = [];
    const { router } = renderApp('/datasets/reviews/search', api(searches));
    const user = userEvent.setup();
    const score = await screen.findByRole('region', { name: 'score' });
    const low = within(score).getByRole('button', { name: /^0 – 0\.5: ?9$/ });
    await user.click(low);
    await user.click(within(screen.getByRole('region', { name: 'score' })).getByRole('button', { name: /^0\.5 – 1: ?3$/ }));
    await waitFor(() =>
      expect(searches.at(-1)).toMatchObject({
        filter: {
          metadataRanges: [
            { key: 'score', min: 0, max: 0.5 },
            { key: 'score', min: 0.5, max: 1 },
          ],
        },
      }),
    );
    expect(router.state.location.search).toBe('?r.score=0..0.5&r.score=0.5..1');
    const gold = screen.getByRole('region', { name: 'Gold label' });
    await user.click(within(gold).getByRole('button', { name: /^pos/ }));
    await user.click(within(screen.getByRole('region', { name: 'Gold label' })).getByRole('button', { name: /^neg/ }));
    await waitFor(() => expect(searches.at(-1)).toMatchObject({ filter: { goldLabels: ['pos', 'neg'] } }));
    for (const name of [/^pos/, /^neg/]) {
      expect(within(screen.getByRole('region', { name: 'Gold label' })).getByRole('button', { name })).toHaveAttribute(
        'aria-pressed',
        'true',
      );
    }
  });

  it('a numeric facet takes a range typed by hand', async () => {
    const searches: Record<string, unknown>[] = [];
    const { router } = renderApp('/datasets/reviews/search', api(searches));
    const user = userEvent.setup();
    const score = await screen.findByRole('region', { name: 'score' });
    await user.type(within(score).getByLabelText('From'), '0.25');
    await user.type(within(score).getByLabelText('To (excluded)'), '0.75');
    await user.click(within(score).getByRole('button', { name: 'Add range of score' }));
    await waitFor(() =>
      expect(searches.at(-1)).toMatchObject({ filter: { metadataRanges: [{ key: 'score', min: 0.25, max: 0.75 }] } }),
    );
    expect(router.state.location.search).toBe('?r.score=0.25..0.75');
    // listed with the buckets, pressed, so that it can be removed again
    const typed = within(screen.getByRole('region', { name: 'score' })).getByRole('button', { name: /^0\.25 – 0\.75/ });
    expect(typed).toHaveAttribute('aria-pressed', 'true');
  });

  it('debounces the query box, and "Load more" continues after the last cursor', { timeout: 15_000 }, async () => {
    const searches: Record<string, unknown>[] = [];
    const more: Record<string, unknown>[] = [];
    const { router } = renderApp('/datasets/reviews/search', api(searches, more));
    // keystrokes without pauses: on a busy machine a paced keystroke can outlast the debounce
    const user = userEvent.setup({ delay: null });
    const box = await screen.findByRole('searchbox');
    await user.type(box, 'screen');
    await waitFor(() => expect(searches.at(-1)).toMatchObject({ query: 'screen' }));
    // Not one search per keystroke: no partial query was sent.
    expect(searches.map((s) => s.query).filter((q) => q !== null && q !== 'screen')).toEqual([]);
    expect(router.state.location.search).toBe('?q=screen');

    // the fake API answers every search alike, so let the list of the stale search (no query) give way to the
    // list of 'screen' before using it: the page remounts the list when the result it shows changes search
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await screen.findByText('Showing 2 of 12', {}, { timeout: 5000 })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await screen.findByText('Showing 3 of 12', {}, { timeout: 5000 })).toBeInTheDocument();
    expect(more[0]).toMatchObject({ query: 'screen', after: 'page-1-end', withFacets: false });
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'r3' })).toHaveAttribute('href', '/datasets/reviews/items/reviews%3Ar3');
  });

  it('each hit links to the annotation workspace on that item', async () => {
    renderApp('/datasets/reviews/search', api());
    const link = await screen.findByRole('link', { name: 'Annotate r1' });
    expect(link).toHaveAttribute('href', '/datasets/reviews/annotate?item=reviews%3Ar1');
  });
});
