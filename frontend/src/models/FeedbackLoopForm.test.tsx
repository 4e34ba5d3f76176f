import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { connectionFixture, viewerFixture } from '../test/fixtures';
import { comparisonFixture, modelFixture, modelQueryFixture, monitoringFixture, shadowFixture } from '../test/modelFixtures';
import { renderApp, type Answer } from '../test/renderApp';

type Seen = { name: string; variables: Record<string, unknown> }[];

const TARGETS = [
  { __typename: 'Dataset', id: 'fortunes', name: 'fortunes', kind: 'TEXT' },
  { __typename: 'Dataset', id: 'fortunes-feedback', name: 'Feedback', kind: 'TEXT' },
];

function api(role: 'USER' | 'ADMIN', models: ReturnType<typeof modelFixture>[], seen: Seen = [], saved?: unknown) {
  let saves = 0;
  return (name: string, variables: Record<string, unknown>): Answer => {
    seen.push({ name, variables });
    if (name === 'Viewer') return { data: { viewer: viewerFixture(role) } };
    // the model as before the first save, then as after it
    if (name === 'Model') return { data: modelQueryFixture(models[Math.min(saves, models.length - 1)]) };
    if (name === 'ModelMonitoring') return { data: { modelMonitoring: monitoringFixture() } };
    if (name === 'ShadowTraffic') return { data: { shadowTraffic: shadowFixture() } };
    if (name === 'ChallengerComparison') return { data: { challengerComparison: comparisonFixture() } };
    if (name === 'FeedbackTargets') return { data: { datasets: connectionFixture('DatasetConnection', TARGETS) } };
    if (name === 'SetFeedbackLoop') {
      saves += 1;
      return { data: { setFeedbackLoop: saved } };
    }
    throw new Error(`unexpected ${name}`);
  };
}

const ON = modelFixture({ feedbackLoop: { __typename: 'FeedbackLoop', datasetId: 'fortunes-feedback', threshold: 0.45 } });

describe('Feedback loop form', () => {
  it('shows the saved setting when the page is opened (not "— off —" while the loop is on)', async () => {
    renderApp('/models/fortunes/monitoring', api('ADMIN', [ON]));
    const form = await screen.findByRole('form', { name: 'Feedback loop' });
    await waitFor(() => expect(within(form).getByLabelText('Send to dataset')).toHaveValue('fortunes-feedback'));
    expect(within(form).getByLabelText('Below confidence')).toHaveValue(0.45);
    expect(screen.getByTestId('feedback-state')).toHaveTextContent(
      'On: predictions below 45.0 % confidence go to dataset Feedback (fortunes-feedback).',
    );
  });

  it('a USER reads the setting too, with the form disabled', async () => {
    renderApp('/models/fortunes/monitoring', api('USER', [ON]));
    expect(await screen.findByTestId('feedback-state')).toHaveTextContent('On: predictions below 45.0 % confidence go to dataset fortunes-feedback.');
    expect(screen.getByLabelText('Send to dataset')).toBeDisabled();
  });

  it('after saving, the model is read again and the form shows what the API keeps', async () => {
    const seen: Seen = [];
    const saved = { __typename: 'FeedbackLoopSuccess', model: 'fortunes', datasetId: null, threshold: 0.45 };
    const off = modelFixture({ feedbackLoop: { __typename: 'FeedbackLoop', datasetId: null, threshold: 0.45 } });
    renderApp('/models/fortunes/monitoring', api('ADMIN', [ON, off], seen, saved));
    const user = userEvent.setup();
    const form = await screen.findByRole('form', { name: 'Feedback loop' });
    await waitFor(() => expect(within(form).getByLabelText('Send to dataset')).toHaveValue('fortunes-feedback'));
    await user.selectOptions(within(form).getByLabelText('Send to dataset'), '— off —');
    await user.click(within(form).getByRole('button', { name: 'Save feedback loop' }));
    await waitFor(() => expect(screen.getByTestId('feedback-state')).toHaveTextContent('Off.'));
    expect(seen.find((c) => c.name === 'SetFeedbackLoop')?.variables).toEqual({ model: 'fortunes', datasetId: null, threshold: 0.45 });
    expect(within(form).getByLabelText('Send to dataset')).toHaveValue('');
    expect(within(form).getByLabelText('Below confidence')).toHaveValue(0.45);
  });
});
