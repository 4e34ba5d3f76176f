import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { datasetFixture, hitFixture, searchResultsFixture } from '../test/datasetFixtures';
import { viewerFixture } from '../test/fixtures';
import { renderApp, type Answer } from '../test/renderApp';

const count = (value: string, n: number) => ({ __typename: 'FacetCount', value, count: n });

/** A search answer with the given facets over the default ones. */
function results(facets: Record<string, unknown>) {
  const page = searchResultsFixture([hitFixture('p1')], 3);
  return { ...page, facets: { ...page.facets, ...facets } };
}

function api(searches: Record<string, unknown>[], labels: string[], facets: Record<string, unknown>) {
  const dataset = datasetFixture({
    labels: labels.map((name, i) => ({ __typename: 'Label', name, hotkey: String(i + 1), color: '#2ca02c' })),
  });
  return (name: string, variables: Record<string, unknown>): Answer => {
    if (name === 'Viewer') return { data: { viewer: viewerFixture('ADMIN') } };
    if (name === 'Dataset') return { data: { dataset } };
    if (name === 'Search') {
      searches.push(variables);
      return { data: { search: results(facets) } };
    }
    throw new Error(`unexpected ${name}`);
  };
}

describe('Search page, spans and label sets', () => {
  it('spans: filters by what was marked as which label, by a marked text clicked or typed', async () => {
    const searches: Record<string, unknown>[] = [];
    const facets = {
      labels: [count('LOC', 2), count('PER', 1)],
      spanTexts: [count('paris', 3), count('rome', 1)],
      spanMarks: [
        { __typename: 'SpanMarkCount', label: 'LOC', text: 'paris', count: 2 },
        { __typename: 'SpanMarkCount', label: 'PER', text: 'paris', count: 1 },
      ],
    };
    const { router } = renderApp('/datasets/reviews/search', api(searches, ['PER', 'LOC'], facets));
    const user = userEvent.setup();

    const marks = await screen.findByRole('region', { name: 'Marked as' });
    expect(screen.getByRole('region', { name: 'Entity label (by anyone)' })).toBeInTheDocument();
    await user.click(within(marks).getByRole('button', { name: /LOC “paris”: ?2$/ }));
    await waitFor(() => expect(searches.at(-1)).toMatchObject({ filter: { spanMarks: [{ label: 'LOC', text: 'paris' }] } }));
    expect(router.state.location.search).toBe('?mark=LOC%E2%90%9Fparis');

    const texts = screen.getByRole('region', { name: 'Marked text' });
    await user.type(within(texts).getByLabelText('Marked text'), ' Lyon ');
    await user.click(within(texts).getByRole('button', { name: 'Add marked text' }));
    await waitFor(() =>
      expect(searches.at(-1)).toMatchObject({
        filter: { spanTexts: ['lyon'], spanMarks: [{ label: 'LOC', text: 'paris' }] },
      }),
    );
    // the typed text is listed, pressed, so that it can be removed again
    const typed = within(screen.getByRole('region', { name: 'Marked text' })).getByRole('button', { name: /“lyon”/ });
    expect(typed).toHaveAttribute('aria-pressed', 'true');
  });

  it('label sets: the label facet filters by each label of the sets; no span facets', async () => {
    const searches: Record<string, unknown>[] = [];
    const facets = { labels: [count('billing', 2), count('bug', 1)] };
    renderApp('/datasets/reviews/search', api(searches, ['billing', 'bug'], facets));
    const user = userEvent.setup();

    const labels = await screen.findByRole('region', { name: 'Label (by anyone)' });
    await user.click(within(labels).getByRole('button', { name: /^bug/ }));
    await waitFor(() => expect(searches.at(-1)).toMatchObject({ filter: { labels: ['bug'] } }));
    expect(screen.queryByRole('region', { name: 'Marked as' })).not.toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Marked text' })).not.toBeInTheDocument();
  });
});
