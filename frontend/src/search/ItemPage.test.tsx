import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { datasetFixture } from '../test/datasetFixtures';
import { viewerFixture } from '../test/fixtures';
import { renderApp, type Answer } from '../test/renderApp';

function itemFixture(overrides: Record<string, unknown> = {}) {
  return {
    __typename: 'Item',
    id: 'reviews:r1',
    datasetId: 'reviews',
    externalId: 'r1',
    text: 'The battery died after a day.',
    features: null,
    metadata: [],
    status: 'REVIEWED',
    goldLabel: 'neg',
    revision: 4,
    createdAt: '2026-01-01T00:00:00+00:00',
    updatedAt: '2026-01-02T00:00:00+00:00',
    agreement: 0.5,
    annotations: [
      {
        __typename: 'Annotation',
        annotator: 'ann',
        label: 'neg',
        note: 'clearly unhappy',
        createdAt: '2026-01-01T10:00:00+00:00',
        updatedAt: '2026-01-01T10:00:00+00:00',
      },
      {
        __typename: 'Annotation',
        annotator: 'bob',
        label: 'pos',
        note: null,
        createdAt: '2026-01-01T11:00:00+00:00',
        updatedAt: '2026-01-01T11:30:00+00:00',
      },
    ],
    // oldest first, as the API lists them
    history: [
      { __typename: 'LabelEvent', at: '2026-01-01T10:00:00+00:00', actor: 'ann', action: 'annotate', label: 'neg', comment: 'clearly unhappy' },
      { __typename: 'LabelEvent', at: '2026-01-01T11:30:00+00:00', actor: 'bob', action: 'annotate', label: 'pos', comment: null },
      { __typename: 'LabelEvent', at: '2026-01-01T12:00:00+00:00', actor: 'rev', action: 'gold', label: 'neg', comment: 'battery complaint' },
    ],
    suggestion: {
      __typename: 'Suggestion',
      label: 'neg',
      confidence: 0.8123,
      uncertainty: 0.37,
      entropy: 0.48,
      model: 'reviews',
      version: '3',
      at: '2026-01-01T09:00:00+00:00',
    },
    ...overrides,
  };
}

function api(role: 'USER' | 'ADMIN', item: Record<string, unknown>) {
  return (name: string): Answer => {
    if (name === 'Viewer') return { data: { viewer: viewerFixture(role) } };
    if (name === 'Dataset') return { data: { dataset: datasetFixture({ settings: { __typename: 'AnnotationSettings', overlapTarget: 2, blind: false } }) } };
    if (name === 'Item') return { data: { item } };
    throw new Error(`unexpected ${name}`);
  };
}

describe('Item page', () => {
  it('shows the annotations with notes, the history, the gold label with its comment and the suggestion', async () => {
    renderApp('/datasets/reviews/items/reviews:r1', api('ADMIN', itemFixture()));

    const annotations = await screen.findByRole('table', { name: 'Annotations' });
    const rows = within(annotations).getAllByRole('row').slice(1).map((row) => within(row).getAllByRole('cell').map((c) => c.textContent));
    expect(rows.map((r) => r.slice(0, 3))).toEqual([
      ['ann', 'neg', 'clearly unhappy'],
      ['bob', 'pos', '—'],
    ]);
    const gold = screen.getByRole('region', { name: 'Gold label' });
    expect(gold).toHaveTextContent('neg');
    expect(gold).toHaveTextContent('“battery complaint” — rev');
    const suggestion = screen.getByRole('region', { name: 'Model suggestion' });
    expect(suggestion).toHaveTextContent('neg');
    expect(suggestion).toHaveTextContent('81.2 %');
    expect(suggestion).toHaveTextContent('reviews version 3');
    const history = within(screen.getByRole('region', { name: 'History' })).getAllByRole('listitem');
    expect(history.map((entry) => entry.textContent)).toEqual([
      expect.stringContaining('rev set the gold label neg: “battery complaint”'),
      expect.stringContaining('bob labelled pos'),
      expect.stringContaining('ann labelled neg: “clearly unhappy”'),
    ]);
  });

  it('shows a blind annotator only what the API gives them, and says what is hidden', async () => {
    const own = itemFixture({
      status: 'IN_PROGRESS',
      goldLabel: null,
      suggestion: null,
      agreement: null,
      annotations: [itemFixture().annotations[0]],
      history: [itemFixture().history[0]],
    });
    renderApp('/datasets/reviews/items/reviews:r1', api('USER', own));

    const annotations = await screen.findByRole('table', { name: 'Annotations' });
    expect(within(annotations).getAllByRole('row')).toHaveLength(2);
    expect(annotations).not.toHaveTextContent('bob');
    expect(screen.queryByRole('region', { name: 'Gold label' })).not.toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Model suggestion' })).not.toBeInTheDocument();
    expect(within(screen.getByRole('region', { name: 'History' })).getAllByRole('listitem')).toHaveLength(1);
    expect(screen.getByRole('main')).not.toHaveTextContent('battery complaint');
  });

  it('says so when nobody labelled the item yet', async () => {
    renderApp('/datasets/reviews/items/reviews:r1', api('ADMIN', itemFixture({ annotations: [], history: [], goldLabel: null, suggestion: null, status: 'UNLABELED' })));
    expect(await screen.findByText('Nobody labelled this item yet.')).toBeInTheDocument();
    expect(screen.getByText('No changes to its labels yet.')).toBeInTheDocument();
  });
});
