import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { activityFixture, agreementFixture } from '../test/annotateFixtures';
import { datasetFixture } from '../test/datasetFixtures';
import { viewerFixture } from '../test/fixtures';
import { renderApp, type Answer } from '../test/renderApp';

function api(agreement: unknown = agreementFixture()) {
  return (name: string): Answer => {
    if (name === 'Viewer') return { data: { viewer: viewerFixture('USER') } };
    if (name === 'Dataset') return { data: { dataset: datasetFixture() } };
    if (name === 'DatasetActivity') return { data: activityFixture() };
    if (name === 'Agreement') return { data: agreement };
    throw new Error(`unexpected ${name}`);
  };
}

describe('Agreement page', () => {
  it('shows percent agreement, both kappas, the annotators (with their suggestion acceptance) and the pairs, and the live activity', async () => {
    renderApp('/datasets/reviews/agreement', api());
    expect(await screen.findByTestId('percent-agreement')).toHaveTextContent('75.0 %');
    expect(screen.getByTestId('cohen-kappa')).toHaveTextContent('0.50');
    expect(screen.getByText('moderate')).toBeInTheDocument();
    expect(screen.getByText('fair')).toBeInTheDocument();
    expect(screen.getByTestId('fleiss-kappa')).toHaveTextContent('0.31');
    expect(screen.getByTestId('items-compared')).toHaveTextContent('4');

    const rows = within(screen.getByRole('table', { name: 'Annotators' })).getAllByRole('row').slice(1);
    expect(rows.map((row) => [...row.children].map((cell) => cell.textContent))).toEqual([
      ['alice', '5', '42.5 / h', '75.0 %', '100.0 %', '75.0 % (3 of 4)'],
      ['bob', '4', '—', '75.0 %', '—', '—'],
    ]);
    expect(screen.getByText(/Suggestions accepted: of the labels an annotator gave while the workspace pre-selected/)).toBeInTheDocument();
    expect(within(screen.getByRole('table', { name: 'Pairs of annotators' })).getByText('alice · bob')).toBeInTheDocument();

    expect(screen.getByTestId('labels-last-minute')).toHaveTextContent('4');
    expect(screen.getByTestId('queue-depth')).toHaveTextContent('9');
    expect(within(screen.getByRole('list', { name: 'Latest labels' })).getByRole('listitem')).toHaveTextContent(
      /alice labelled r7 pos/,
    );
  });

  it('without overlap: no kappa, and why', async () => {
    const none = agreementFixture({
      itemsCompared: 0,
      percentAgreement: null,
      fleissKappa: null,
      cohenKappa: null,
      pairs: [],
    });
    renderApp('/datasets/reviews/agreement', api(none));
    expect(await screen.findByTestId('percent-agreement')).toHaveTextContent('—');
    expect(screen.getByText(/No item has two labels yet: agreement needs overlap \(this dataset asks for one label per item\)/)).toBeInTheDocument();
    expect(screen.queryByRole('table', { name: 'Pairs of annotators' })).not.toBeInTheDocument();
  });

  it('label sets: per-label kappa, alpha with MASI, what the kappas pool, and each pair’s mean MASI', async () => {
    const sets = agreementFixture({
      taskType: 'MULTI_LABEL',
      cohenKappa: 14 / 41,
      fleissKappa: 0.3,
      krippendorffAlphaMasi: 9 / 79,
      labelKappas: [
        { __typename: 'LabelKappa', label: 'billing', cohenKappa: 0, fleissKappa: -0.2, chosen: 5 },
        { __typename: 'LabelKappa', label: 'bug', cohenKappa: 0.4, fleissKappa: 1 / 3, chosen: 3 },
      ],
      pairs: [{ __typename: 'AnnotatorPair', first: 'alice', second: 'bob', kappa: 14 / 41, items: 3, similarity: 13 / 27 }],
    });
    renderApp('/datasets/reviews/agreement', api(sets));
    expect(await screen.findByTestId('alpha-masi')).toHaveTextContent('0.11');
    expect(screen.getByTestId('cohen-kappa')).toHaveTextContent('0.34');
    expect(screen.getAllByText(/pooled over every item × label yes\/no decision/)).toHaveLength(2);
    const rows = within(screen.getByRole('table', { name: 'Agreement per label' })).getAllByRole('row').slice(1);
    expect(rows.map((row) => [...row.children].map((cell) => cell.textContent))).toEqual([
      ['billing', '5', '0.00', '-0.20'],
      ['bug', '3', '0.40', '0.33'],
    ]);
    const pairs = within(screen.getByRole('table', { name: 'Pairs of annotators' }));
    expect(pairs.getByRole('columnheader', { name: 'Mean MASI' })).toBeInTheDocument();
    expect(pairs.getByText('48.1 %')).toBeInTheDocument();
    expect(screen.queryByTestId('span-f1')).not.toBeInTheDocument();
  });

  it('spans: span F1, token-level kappa, and each pair’s span F1', async () => {
    const spans = agreementFixture({
      taskType: 'SPANS',
      cohenKappa: 43 / 65,
      spanF1: 4 / 7,
      pairs: [{ __typename: 'AnnotatorPair', first: 'alice', second: 'bob', kappa: 43 / 65, items: 2, similarity: 4 / 7 }],
    });
    renderApp('/datasets/reviews/agreement', api(spans));
    expect(await screen.findByTestId('span-f1')).toHaveTextContent('57.1 %');
    expect(screen.getAllByText(/token level: each token tagged with its span’s label, or O/)).toHaveLength(2);
    const pairs = within(screen.getByRole('table', { name: 'Pairs of annotators' }));
    expect(pairs.getByRole('columnheader', { name: 'Span F1' })).toBeInTheDocument();
    expect(pairs.getByText('57.1 %')).toBeInTheDocument();
    expect(screen.queryByRole('table', { name: 'Agreement per label' })).not.toBeInTheDocument();
  });
});
