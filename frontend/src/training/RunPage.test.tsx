import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { datasetFixture } from '../test/datasetFixtures';
import { viewerFixture } from '../test/fixtures';
import { renderApp, type Answer } from '../test/renderApp';
import {
  liveSubscriptions,
  logEvent,
  metricEvent,
  runFixture,
  stateEvent,
  succeededRunFixture,
} from '../test/trainingFixtures';
import { POLL_MS, RESUBSCRIBE_MS } from './useLiveRun';

/** The fake API; `runs[0]` is what `trainingRun` returns (a test may replace it, e.g. once the run has ended). */
function api(runs: unknown[], { role = 'ADMIN', seen = [] as { name: string; variables: Record<string, unknown> }[], cancel = null as unknown } = {}) {
  return (name: string, variables: Record<string, unknown>): Answer => {
    seen.push({ name, variables });
    switch (name) {
      case 'Viewer':
        return { data: { viewer: viewerFixture(role as 'ADMIN' | 'USER') } };
      case 'Dataset':
        return { data: { dataset: datasetFixture() } };
      case 'TrainingRun':
        return { data: { trainingRun: runs[0] } };
      case 'TrainingRunEventsAfter':
        return { data: { trainingRun: { __typename: 'TrainingRun', id: 'run_1', state: 'RUNNING', events: [] } } };
      case 'CancelTraining':
        return { data: { cancelTraining: cancel } };
      default:
        throw new Error(`unexpected ${name}`);
    }
  };
}

const chart = () => screen.getByRole('figure', { name: 'Training curves' });
const points = () => Number(chart().getAttribute('data-points'));

describe('Training run page', () => {
  it('draws the stored points, appends each METRIC event of the subscription once (by seq), then shows the results', async () => {
    const live = liveSubscriptions();
    const seen: { name: string; variables: Record<string, unknown> }[] = [];
    const runs: unknown[] = [runFixture()];
    renderApp('/datasets/reviews/training/run_1', api(runs, { seen }), {
      exchanges: [live.exchange],
    });
    expect(await screen.findByTestId('run-state')).toHaveTextContent('RUNNING');
    expect(points()).toBe(1); // the point stored before the page opened
    expect(live.variables()).toEqual([{ id: 'run_1', after: '3' }]); // the subscription continues after it

    live.push(metricEvent(4, 2), metricEvent(5, 3));
    expect(points()).toBe(3);
    expect(screen.getByTestId('points-count')).toHaveTextContent('3 points · live');

    // A replay (graphql-ws subscribes again with the same cursor after a reconnection) adds nothing.
    live.push(metricEvent(3, 1), metricEvent(4, 2), metricEvent(5, 3), metricEvent(6, 4));
    expect(points()).toBe(4);
    const table = within(screen.getByRole('table', { name: 'Metric points' }));
    expect(table.getAllByRole('rowheader').map((cell) => cell.textContent)).toEqual(['1 / 40', '2 / 40', '3 / 40', '4 / 40']);

    live.push(logEvent(7, '120 items, 2 labels: neg, pos'), { ...metricEvent(8, 5), kind: 'PROGRESS', metric: null, progress: 0.125 });
    const log = within(screen.getByRole('list', { name: 'Log lines' }));
    expect(log.getAllByRole('listitem').map((line) => line.textContent)).toEqual([
      expect.stringMatching(/STATE QUEUED: queued$/),
      expect.stringMatching(/STATE RUNNING: running$/),
      expect.stringMatching(/INFO 120 items, 2 labels: neg, pos$/),
    ]);
    expect(screen.getByRole('progressbar', { name: 'Training progress' })).toHaveAttribute('value', '0.125');
    expect(screen.getByRole('button', { name: 'Cancel training' })).toBeEnabled();

    const readsBefore = seen.filter((call) => call.name === 'TrainingRun').length;
    runs[0] = succeededRunFixture();
    live.push(stateEvent(9, 'SUCCEEDED', 'model reviews version 4: accuracy 0.917'));
    // The run is read again for its results.
    expect(await screen.findByRole('region', { name: 'Results' })).toBeInTheDocument();
    expect(screen.getByTestId('run-state')).toHaveTextContent('SUCCEEDED');
    expect(screen.queryByRole('button', { name: 'Cancel training' })).not.toBeInTheDocument();
    expect(points()).toBe(4);
    expect(screen.getByTestId('points-count')).toHaveTextContent(/^4 points$/);
    expect(seen.filter((call) => call.name === 'TrainingRun')).toHaveLength(readsBefore + 1);
  });

  it('subscribes again after the last cursor when the subscription ends before the run', async () => {
    const live = liveSubscriptions();
    const seen: { name: string; variables: Record<string, unknown> }[] = [];
    renderApp('/datasets/reviews/training/run_1', api([runFixture()], { seen }), { exchanges: [live.exchange] });
    await screen.findByTestId('run-state');
    live.push(metricEvent(4, 2), metricEvent(5, 3));
    await new Promise((resolve) => setTimeout(resolve, Math.max(RESUBSCRIBE_MS, POLL_MS) + 300));
    expect(live.variables()).toHaveLength(1); // an open subscription between two events is left alone…
    expect(seen.filter((call) => call.name === 'TrainingRunEventsAfter')).toEqual([]); // …and nothing is polled
    live.end(); // the connection dropped for good: graphql-ws gave up
    await waitFor(() => expect(live.variables()).toHaveLength(2), { timeout: RESUBSCRIBE_MS * 3 });
    expect(live.variables()[1]).toEqual({ id: 'run_1', after: '5' });
    live.push(metricEvent(5, 3), metricEvent(6, 4)); // the API resumes after 5; a repeat would still be dropped
    expect(points()).toBe(4);
  });

  it('polls the events after the last cursor while the subscription sends nothing (no WebSocket)', async () => {
    const seen: { name: string; variables: Record<string, unknown> }[] = [];
    const polled = [metricEvent(3, 1), metricEvent(4, 2), logEvent(5, 'hold-out: 96 to train, 24 to validate')];
    const answer = api([runFixture()], { seen });
    renderApp('/datasets/reviews/training/run_1', (name, variables) =>
      name === 'TrainingRunEventsAfter'
        ? (seen.push({ name, variables }),
          { data: { trainingRun: { __typename: 'TrainingRun', id: 'run_1', state: 'RUNNING', events: polled } } })
        : answer(name, variables),
      { exchanges: [liveSubscriptions().exchange] }, // a subscription that never sends anything
    );
    await screen.findByTestId('run-state');
    await waitFor(() => expect(points()).toBe(2), { timeout: POLL_MS * 2 });
    expect(seen.find((call) => call.name === 'TrainingRunEventsAfter')?.variables).toEqual({ id: 'run_1', after: '3' });
    expect(screen.getByTestId('points-count')).toHaveTextContent(/^2 points$/); // not live
    expect(screen.getByText('hold-out: 96 to train, 24 to validate')).toBeInTheDocument();
  });

  it('a finished run: final metrics, per-label table, confusion matrix, lineage, MLflow run; nothing subscribed', async () => {
    const live = liveSubscriptions();
    renderApp(
      '/datasets/reviews/training/run_1',
      api([
        succeededRunFixture({
          trainingSetId: 'ts_alpha',
          trainingSetName: 'Alpha reviews',
          labelRule: 'UNANIMOUS',
          events: [stateEvent(1, 'QUEUED'), metricEvent(2, 1), metricEvent(3, 2), stateEvent(4, 'SUCCEEDED')],
        }),
      ]),
      { exchanges: [live.exchange] },
    );
    const results = within(await screen.findByRole('region', { name: 'Results' }));
    expect(results.getByTestId('final-accuracy')).toHaveTextContent('91.7 %');
    expect(results.getByTestId('final-macro-f1')).toHaveTextContent('90.0 %');
    const report = within(results.getByRole('table', { name: 'Per label' }));
    expect(report.getAllByRole('row').slice(1).map((row) => row.textContent)).toEqual([
      'neg100.0 %83.3 %90.9 %12',
      'pos85.7 %100.0 %92.3 %12',
    ]);
    const matrix = within(results.getByRole('table', { name: 'Confusion matrix' }));
    const cells = matrix.getAllByRole('cell').filter((cell) => cell.textContent !== '');
    expect(cells.map((cell) => cell.textContent)).toEqual(['10', '2', '0', '12']);
    // the accent at 90 % of the row share, over white; the text colour that contrasts 4.5:1 or more
    expect(cells[0]!.style.backgroundColor).toBe('rgb(99, 127, 212)'); // 10 of 12 in its row
    expect(cells[0]!.style.color).toBe('rgb(0, 0, 0)'); // neither #1d2433 (4.1:1) nor white (3.8:1) would do
    expect(cells[3]!.style.backgroundColor).toBe('rgb(68, 101, 204)'); // 12 of 12
    expect(cells[3]!.style.color).toBe('rgb(255, 255, 255)');
    expect(cells[2]!.style.backgroundColor).toBe('rgb(255, 255, 255)');
    expect(cells[2]!.style.color).toBe('rgb(29, 36, 51)');

    const lineage = within(screen.getByRole('region', { name: 'Lineage' }));
    expect(lineage.getByTestId('model-version')).toHaveTextContent('reviews version 4');
    expect(lineage.getByTestId('lineage-items')).toHaveTextContent('120');
    expect(lineage.getByTestId('lineage-data-hash')).toHaveTextContent('aab8d5ebb99eb5947ad25a6cf8aa1bc1d9ec44392d3cfdbc2829595d5772fe6e');
    expect(lineage.getByTestId('lineage-saved-set')).toHaveTextContent('Alpha reviews ts_alpha');
    expect(lineage.getByText('Gold, else unanimous annotators')).toBeInTheDocument();
    expect(lineage.getByText(/"statuses"/)).toHaveTextContent('"REVIEWED"');
    expect(lineage.getByRole('link', { name: /2c5781b4060c4abeb7ba74e24461577e/ })).toHaveAttribute(
      'href',
      '/mlflow/#/experiments/3/runs/2c5781b4060c4abeb7ba74e24461577e',
    );
    expect(points()).toBe(2);
    expect(live.variables()).toEqual([]);
  });

  it('a finished multi-label run: micro F1 and each label\'s threshold with its held-out decisions', async () => {
    renderApp(
      '/datasets/reviews/training/run_1',
      api([
        succeededRunFixture({
          metrics: { __typename: 'RunMetrics', accuracy: 0.75, macroF1: 0.65, weightedF1: 0.65, loss: 0.4, microF1: 0.6667 },
          classReport: [
            { __typename: 'ClassMetrics', label: 'billing', precision: 0.5, recall: 0.5, f1: 0.5, support: 2 },
            { __typename: 'ClassMetrics', label: 'bug', precision: 0.6667, recall: 1, f1: 0.8, support: 2 },
          ],
          confusionMatrix: null,
          labelOutcomes: [
            { __typename: 'LabelOutcome', label: 'billing', threshold: 0.5, truePositives: 1, falsePositives: 1, falseNegatives: 1, trueNegatives: 1 },
            { __typename: 'LabelOutcome', label: 'bug', threshold: 0.325, truePositives: 2, falsePositives: 1, falseNegatives: 0, trueNegatives: 1 },
          ],
        }),
      ]),
    );
    const results = within(await screen.findByRole('region', { name: 'Results' }));
    expect(results.getByTestId('final-micro-f1')).toHaveTextContent('66.7 %');
    const outcomes = within(results.getByRole('table', { name: 'Thresholds and decisions per label' }));
    expect(outcomes.getAllByRole('row').slice(1).map((row) => row.textContent)).toEqual([
      'billing0.5001111',
      'bug0.3252101',
    ]);
    expect(results.queryByRole('table', { name: 'Confusion matrix' })).toBeNull();
  });

  it('ADMIN cancels a running run; a USER sees Cancel disabled with the reason and no MLflow link', async () => {
    const live = liveSubscriptions();
    const seen: { name: string; variables: Record<string, unknown> }[] = [];
    const { unmount } = renderApp(
      '/datasets/reviews/training/run_1',
      api([runFixture()], {
        seen,
        cancel: { __typename: 'TrainingRunSuccess', run: { __typename: 'TrainingRun', id: 'run_1', state: 'RUNNING', message: 'running', cancelRequested: true } },
      }),
      { exchanges: [live.exchange] },
    );
    await userEvent.setup().click(await screen.findByRole('button', { name: 'Cancel training' }));
    expect(await screen.findByRole('status', { name: '' })).toBeInTheDocument();
    expect(screen.getByText('Cancellation requested: the worker stops the training at its next step.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Cancellation requested' })).toBeDisabled();
    expect(seen.filter((call) => call.name === 'CancelTraining').map((call) => call.variables)).toEqual([{ runId: 'run_1' }]);
    unmount();

    renderApp('/datasets/reviews/training/run_1', api([runFixture()], { role: 'USER' }), {
      exchanges: [liveSubscriptions().exchange],
    });
    const cancel = await screen.findByRole('button', { name: 'Cancel training' });
    expect(cancel).toBeDisabled();
    expect(cancel).toHaveAccessibleDescription("Requires the permission 'train_model', which role ADMIN has and your role USER does not.");
    const lineage = within(screen.getByRole('region', { name: 'Lineage' }));
    expect(lineage.queryByRole('link')).not.toBeInTheDocument();
    expect(lineage.getByTestId('mlflow-run-id')).toHaveTextContent('2c5781b4060c4abeb7ba74e24461577e');
  });
});
