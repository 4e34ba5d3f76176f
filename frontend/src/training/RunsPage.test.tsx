import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { datasetFixture } from '../test/datasetFixtures';
import { viewerFixture } from '../test/fixtures';
import { renderApp, type Answer } from '../test/renderApp';
import { metricEvent, runFixture, succeededRunFixture } from '../test/trainingFixtures';

const RUNS = [
  runFixture({ id: 'run_3', state: 'RUNNING', createdAt: '2026-01-03T00:00:00+00:00' }),
  succeededRunFixture({ id: 'run_2', modelType: 'TFIDF_MULTINOMIAL_NB', params: { analyzer: 'word', alpha: 0.1 } }),
  succeededRunFixture({
    id: 'run_1',
    modelVersion: '3',
    metrics: { __typename: 'RunMetrics', accuracy: 0.75, macroF1: 0.7, weightedF1: 0.74, loss: 0.5 },
  }),
];

function api(seen: { name: string; variables: Record<string, unknown> }[] = []) {
  return (name: string, variables: Record<string, unknown>): Answer => {
    seen.push({ name, variables });
    switch (name) {
      case 'Viewer':
        return { data: { viewer: viewerFixture('USER') } };
      case 'Dataset':
        return { data: { dataset: datasetFixture() } };
      case 'TrainingRuns':
        return {
          data: {
            trainingRuns: {
              __typename: 'TrainingRunConnection',
              totalCount: RUNS.length,
              pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: 'b2Zmc2V0OjE=' },
              nodes: RUNS,
            },
          },
        };
      case 'CompareTrainingRuns':
        return {
          data: {
            compareTrainingRuns: (variables.ids as string[]).flatMap((id) => {
              const run = RUNS.find((r) => r.id === id);
              const curves = [1, 2, 3].map((step) => metricEvent(step, step, 3).metric);
              return run ? [{ ...run, curves }] : [];
            }),
          },
        };
      default:
        throw new Error(`unexpected ${name}`);
    }
  };
}

describe('Training runs and their comparison', () => {
  it('lists the runs newest first; 2 chosen runs open the comparison, which highlights what differs', async () => {
    const seen: { name: string; variables: Record<string, unknown> }[] = [];
    const { router } = renderApp('/datasets/reviews/training', api(seen));
    const table = await screen.findByRole('table', { name: 'Training runs' });
    expect(seen.find((call) => call.name === 'TrainingRuns')?.variables).toEqual({ datasetId: 'reviews', first: 20, after: null });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((row) => within(row).getAllByRole('cell').map((cell) => cell.textContent).slice(1, 6))).toEqual([
      ['RUNNING', 'TF-IDF + SGD', '—', '—', '—'],
      ['SUCCEEDED', 'TF-IDF + multinomial NB', '91.7 %', '90.0 %', '4'],
      ['SUCCEEDED', 'TF-IDF + SGD', '75.0 %', '70.0 %', '3'],
    ]);
    expect(within(rows[0]!).getByRole('link', { name: 'run_3' })).toHaveAttribute('href', '/datasets/reviews/training/run_3');
    // A USER reads the runs; the form is there, disabled (see TrainPage.test).
    expect(screen.getByRole('link', { name: 'The training form' })).toHaveAttribute('href', '/datasets/reviews/train');

    const user = userEvent.setup();
    const compare = screen.getByRole('button', { name: /^Compare/ });
    expect(compare).toBeDisabled();
    expect(compare).toHaveAccessibleDescription('Choose at least 2 runs to compare.');
    await user.click(screen.getByRole('checkbox', { name: 'Compare run_2' }));
    await user.click(screen.getByRole('checkbox', { name: 'Compare run_1' }));
    await user.click(screen.getByRole('button', { name: 'Compare 2 runs' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/training/compare'));
    expect(router.state.location.search).toBe('?ids=run_2,run_1');

    const chart = await screen.findByRole('figure', { name: 'Macro F1 by step, one line per run' });
    expect(chart).toHaveAttribute('data-lines', '2');
    expect(chart).toHaveAttribute('data-points', '6');
    await user.selectOptions(screen.getByLabelText('Metric'), 'loss');
    expect(screen.getByRole('figure', { name: 'Loss by step, one line per run' })).toBeInTheDocument();

    const side = within(screen.getByRole('table', { name: 'Runs side by side' }));
    expect(side.getAllByRole('columnheader').map((cell) => cell.textContent)).toEqual(['run_2', 'run_1']);
    const differs = (name: string) => side.getByRole('rowheader', { name: new RegExp(`^${name}`) }).closest('tr')!.dataset.differs;
    expect(differs('Model type')).toBe('true');
    expect(differs('Accuracy')).toBe('true');
    expect(differs('Items')).toBe('false');
    expect(differs('alpha')).toBe('true'); // 0.1 and 0.00001
    expect(differs('analyzer')).toBe('false');
    expect(differs('epochs')).toBe('true'); // only one of them has it
  });

  it('the Training navigation lists every dataset’s runs', async () => {
    const seen: { name: string; variables: Record<string, unknown> }[] = [];
    renderApp('/datasets/reviews/training', api(seen));
    await screen.findByRole('table', { name: 'Training runs' });
    const main = within(screen.getByRole('navigation', { name: 'Main' }));
    await userEvent.setup().click(main.getByRole('link', { name: 'Training' }));
    await screen.findByRole('heading', { name: 'Training runs', level: 1 });
    const table = await screen.findByRole('table', { name: 'Training runs' });
    expect(within(table).getAllByRole('columnheader').map((cell) => cell.textContent)).toContain('Dataset');
    expect(seen.filter((call) => call.name === 'TrainingRuns').at(-1)?.variables).toEqual({ datasetId: null, first: 20, after: null });
  });
});
