import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { jobFixture } from '../test/datasetFixtures';
import { connectionFixture, viewerFixture } from '../test/fixtures';
import { comparisonFixture, modelQueryFixture, monitoringFixture, shadowFixture } from '../test/modelFixtures';
import { renderApp, type Answer } from '../test/renderApp';

type Seen = { name: string; variables: Record<string, unknown> }[];

const SCORING_DONE = jobFixture({ id: 'job_9', kind: 'BATCH_SCORING', datasetId: 'fortunes', state: 'SUCCEEDED', done: 40, total: 40 });

function api(role: 'USER' | 'ADMIN', mutations: Record<string, unknown> = {}, seen: Seen = [], monitoring = monitoringFixture()) {
  return (name: string, variables: Record<string, unknown>): Answer => {
    seen.push({ name, variables });
    if (name === 'Viewer') return { data: { viewer: viewerFixture(role) } };
    if (name === 'Model') return { data: modelQueryFixture() };
    if (name === 'ModelMonitoring') return { data: { modelMonitoring: monitoring } };
    if (name === 'ShadowTraffic') return { data: { shadowTraffic: shadowFixture() } };
    if (name === 'ChallengerComparison') return { data: { challengerComparison: comparisonFixture() } };
    if (name === 'FeedbackTargets') {
      return {
        data: {
          datasets: connectionFixture('DatasetConnection', [
            { __typename: 'Dataset', id: 'fortunes', name: 'fortunes', kind: 'TEXT' },
            { __typename: 'Dataset', id: 'fortunes-feedback', name: 'Feedback', kind: 'TEXT' },
          ]),
        },
      };
    }
    if (name === 'JobProgress') return { data: { jobProgress: SCORING_DONE } };
    if (name in mutations) return { data: { [name.charAt(0).toLowerCase() + name.slice(1)]: mutations[name] } };
    throw new Error(`unexpected ${name}`);
  };
}

describe('Monitoring', () => {
  it('shows the count, latency, drift in plain words and per-version counts; the window is a variable', async () => {
    const seen: Seen = [];
    renderApp('/models/fortunes/monitoring', api('USER', {}, seen));
    expect(await screen.findByTestId('prediction-total')).toHaveTextContent('80');
    expect(screen.getByTestId('psi')).toHaveTextContent('0.310');
    expect(screen.getByText(/Shifted \(above 0.25\)/)).toBeInTheDocument();
    expect(screen.getByTestId('jensen-shannon')).toHaveTextContent('0.120 bits');
    expect(screen.getByText('3.4 ms')).toBeInTheDocument();
    const versions = screen.getByRole('table', { name: 'Predictions per version' });
    expect(within(versions).getByRole('row', { name: 'v2 60' })).toBeInTheDocument();
    const labels = screen.getByRole('table', { name: 'Predicted and training labels' });
    expect(within(labels).getByRole('row', { name: 'sports 0 37' })).toBeInTheDocument();
    expect(seen.find((c) => c.name === 'ModelMonitoring')?.variables).toEqual({
      name: 'fortunes',
      version: null,
      minutes: 60,
      sources: ['PRODUCTION'],
    });

    const user = userEvent.setup();
    await user.selectOptions(screen.getByLabelText('Window'), 'Last 15 minutes');
    await user.selectOptions(screen.getByLabelText('Version'), 'v3 (production)');
    await waitFor(() =>
      expect(seen.filter((c) => c.name === 'ModelMonitoring').at(-1)?.variables).toEqual({
        name: 'fortunes',
        version: '3',
        minutes: 15,
        sources: ['PRODUCTION'],
      }),
    );
  });

  it('reads a PSI below 0.1 as stable, and says when there is no figure', async () => {
    renderApp('/models/fortunes/monitoring', api('USER', {}, [], monitoringFixture({ psi: 0.04 })));
    expect(await screen.findByText(/Stable \(below 0.1\)/)).toBeInTheDocument();
  });

  it('says "Not enough predictions yet" below the minimum sample, instead of drift colours and "retrain"', async () => {
    const few = monitoringFixture({ total: 5, enoughData: false, psi: null, jensenShannon: null, bySource: [] });
    renderApp('/models/fortunes/monitoring', api('USER', {}, [], few));
    expect(await screen.findByText('Not enough predictions yet (5 of 50)')).toBeInTheDocument();
    expect(screen.getByTestId('psi')).toHaveTextContent('—');
    expect(screen.queryByText(/Shifted|retrain|No figure/)).not.toBeInTheDocument();
    expect(document.querySelector('.drift-shifted, .drift-watch, .drift-stable')).toBeNull();
  });

  it('counts production traffic only, says how much playground and test traffic is left out, and shows it on request', async () => {
    const seen: Seen = [];
    const traffic = monitoringFixture({
      bySource: [
        { __typename: 'ValueCount', value: 'PRODUCTION', count: 80 },
        { __typename: 'ValueCount', value: 'PLAYGROUND', count: 12 },
        { __typename: 'ValueCount', value: 'TEST', count: 3 },
      ],
    });
    renderApp('/models/fortunes/monitoring', api('USER', {}, seen, traffic));
    expect(await screen.findByText('Left out: 12 playground and 3 test predictions.')).toBeInTheDocument();
    const user = userEvent.setup();
    await user.click(screen.getByRole('checkbox', { name: 'Include playground and test predictions' }));
    await waitFor(() =>
      expect(seen.filter((c) => c.name === 'ModelMonitoring').at(-1)?.variables).toEqual({
        name: 'fortunes',
        version: null,
        minutes: 60,
        sources: ['PRODUCTION', 'PLAYGROUND', 'TEST'],
      }),
    );
  });

  it('says so when nothing was predicted in the window', async () => {
    const empty = monitoringFixture({ total: 0, perMinute: [], labels: [], versions: [], psi: null, jensenShannon: null, enoughData: false });
    renderApp('/models/fortunes/monitoring', api('USER', {}, [], empty));
    expect(await screen.findByText(/No predictions in this window/)).toBeInTheDocument();
    expect(screen.getByText('Not enough predictions yet (0 of 50)')).toBeInTheDocument();
  });

  it('ADMIN scores the unlabelled items of the dataset and follows the job', async () => {
    const seen: Seen = [];
    const started = { __typename: 'ScoringJobSuccess', job: jobFixture({ id: 'job_9', kind: 'BATCH_SCORING', datasetId: 'fortunes' }) };
    renderApp('/models/fortunes/monitoring', api('ADMIN', { ScoreDataset: started }, seen));
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Score unlabelled items' }));
    expect(await screen.findByText('SUCCEEDED')).toBeInTheDocument();
    expect(screen.getByText('40 of 40 items')).toBeInTheDocument();
    expect(await screen.findByText('Scored: the suggestions are on the items.')).toBeInTheDocument();
    expect(seen.find((c) => c.name === 'ScoreDataset')?.variables).toEqual({ datasetId: 'fortunes' });
  });

  it('ADMIN sets the feedback loop: dataset and threshold; a bad threshold is refused here', async () => {
    const seen: Seen = [];
    const saved = { __typename: 'FeedbackLoopSuccess', model: 'fortunes', datasetId: 'fortunes-feedback', threshold: 0.5 };
    renderApp('/models/fortunes/monitoring', api('ADMIN', { SetFeedbackLoop: saved }, seen));
    const user = userEvent.setup();
    const form = await screen.findByRole('form', { name: 'Feedback loop' });
    await user.selectOptions(await within(form).findByLabelText('Send to dataset'), 'Feedback (fortunes-feedback)');
    const threshold = within(form).getByLabelText('Below confidence');
    await user.clear(threshold);
    await user.type(threshold, '1.5');
    await user.click(within(form).getByRole('button', { name: 'Save feedback loop' }));
    expect(threshold).toHaveAccessibleDescription('Give a confidence between 0 and 1, e.g. 0.6.');
    expect(seen.some((c) => c.name === 'SetFeedbackLoop')).toBe(false);

    await user.clear(threshold);
    await user.type(threshold, '0.5');
    await user.click(within(form).getByRole('button', { name: 'Save feedback loop' }));
    expect(await within(form).findByRole('status')).toHaveTextContent(
      'Feedback loop on: predictions of fortunes below 50 % confidence go to dataset fortunes-feedback.',
    );
    expect(seen.find((c) => c.name === 'SetFeedbackLoop')?.variables).toEqual({
      model: 'fortunes',
      datasetId: 'fortunes-feedback',
      threshold: 0.5,
    });
  });

  it('a USER sees scoring and the feedback loop disabled, with the reasons', async () => {
    const seen: Seen = [];
    renderApp('/models/fortunes/monitoring', api('USER', {}, seen));
    const score = await screen.findByRole('button', { name: 'Score unlabelled items' });
    expect(score).toBeDisabled();
    expect(score).toHaveAccessibleDescription(expect.stringContaining("Requires the permission 'train_model'"));
    const save = screen.getByRole('button', { name: 'Save feedback loop' });
    expect(save).toBeDisabled();
    expect(save).toHaveAccessibleDescription(expect.stringContaining("Requires the permission 'promote_model'"));
    expect(screen.getByLabelText('Send to dataset')).toBeDisabled();
    expect(seen.some((c) => c.name === 'FeedbackTargets')).toBe(false);
  });
});
