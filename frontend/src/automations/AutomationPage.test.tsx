import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { viewerFixture } from '../test/fixtures';
import { modelFixture, modelQueryFixture } from '../test/modelFixtures';
import { renderApp, type Answer } from '../test/renderApp';

type Seen = { name: string; variables: Record<string, unknown> }[];

function automationFixture(overrides: Record<string, unknown> = {}) {
  return {
    __typename: 'Automation',
    model: 'fortunes',
    datasetId: 'fortunes',
    enabled: true,
    labelThreshold: 50,
    everyMinutes: null,
    dailyAt: '02:30',
    mode: 'PROPOSE',
    updatedBy: 'admin',
    updatedAt: '2026-12-06T10:00:00+00:00',
    countingSince: '2026-12-06T10:00:00+00:00',
    newLabels: 12,
    lastRun: {
      __typename: 'AutomationRun',
      runId: 'run_abc',
      at: '2026-12-06T10:00:00+00:00',
      trigger: 'THRESHOLD',
      labelCount: 50,
      handoff: 'version 4 handed to promotion job job_4 (PROPOSE)',
    },
    ...overrides,
  };
}

function api(role: 'USER' | 'ADMIN', automations: unknown[], seen: Seen = [], answer?: unknown) {
  let saves = 0;
  return (name: string, variables: Record<string, unknown>): Answer => {
    seen.push({ name, variables });
    if (name === 'Viewer') return { data: { viewer: viewerFixture(role) } };
    if (name === 'Model') return { data: modelQueryFixture(modelFixture()) };
    if (name === 'Automation') return { data: { automation: automations[Math.min(saves, automations.length - 1)] } };
    if (name === 'SetAutomation') {
      saves += 1;
      return { data: { setAutomation: answer } };
    }
    if (name === 'PauseAutomation') {
      saves += 1;
      return { data: { pauseAutomation: answer } };
    }
    throw new Error(`unexpected ${name}`);
  };
}

describe('Automation page', () => {
  it('shows the saved automation, the labels counted since and its last run', async () => {
    renderApp('/models/fortunes/automation', api('USER', [automationFixture()]));
    expect(await screen.findByTestId('automation-state')).toHaveTextContent(
      'On: retrains after 50 new labels, or daily at 02:30 UTC (PROPOSE). 12 new labels since',
    );
    expect(screen.getByTestId('automation-last-run')).toHaveTextContent('run_abc');
    expect(screen.getByTestId('automation-last-run')).toHaveTextContent('(label threshold, 50 new labels): version 4 handed to promotion job job_4 (PROPOSE)');
    expect(screen.getByLabelText('After new labels')).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Pause' })).toBeDisabled();
  });

  it('an ADMIN sets one: the settings are sent and the page reads it back', async () => {
    const seen: Seen = [];
    const saved = automationFixture({ labelThreshold: 3, dailyAt: null, mode: 'AUTO', newLabels: 0, lastRun: null });
    const answer = { __typename: 'AutomationSuccess', automation: saved };
    renderApp('/models/fortunes/automation', api('ADMIN', [null, saved], seen, answer));
    const user = userEvent.setup();
    expect(await screen.findByTestId('automation-state')).toHaveTextContent('Off: this model has no automation.');
    const form = screen.getByRole('form', { name: 'Automation' });
    await user.type(within(form).getByLabelText('After new labels'), '3');
    await user.selectOptions(within(form).getByLabelText('Mode'), 'AUTO');
    await user.click(within(form).getByRole('button', { name: 'Save automation' }));
    await waitFor(() => expect(screen.getByTestId('automation-state')).toHaveTextContent('On: retrains after 3 new labels (AUTO).'));
    expect(seen.find((c) => c.name === 'SetAutomation')?.variables).toEqual({
      model: 'fortunes',
      labelThreshold: 3,
      everyMinutes: null,
      dailyAt: null,
      mode: 'AUTO',
      enabled: true,
    });
    expect(screen.getByText('Saved: fortunes retrains after 3 new labels.')).toBeInTheDocument();
  });

  it('shows a refused setting next to its field', async () => {
    const answer = {
      __typename: 'ValidationError',
      message: 'invalid',
      fieldErrors: [{ __typename: 'FieldError', field: 'dailyAt', code: 'bad_time', message: 'give the time of day as HH:MM in UTC' }],
    };
    renderApp('/models/fortunes/automation', api('ADMIN', [automationFixture()], [], answer));
    const user = userEvent.setup();
    const form = await screen.findByRole('form', { name: 'Automation' });
    await waitFor(() => expect(within(form).getByLabelText('Daily at (UTC)')).toHaveValue('02:30'));
    await user.clear(within(form).getByLabelText('Daily at (UTC)'));
    await user.type(within(form).getByLabelText('Daily at (UTC)'), '25:00');
    await user.click(within(form).getByRole('button', { name: 'Save automation' }));
    expect(await within(form).findByText('give the time of day as HH:MM in UTC')).toBeInTheDocument();
  });

  it('an ADMIN pauses it', async () => {
    const seen: Seen = [];
    const paused = automationFixture({ enabled: false });
    renderApp('/models/fortunes/automation', api('ADMIN', [automationFixture(), paused], seen, { __typename: 'AutomationSuccess', automation: paused }));
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Pause' }));
    await waitFor(() => expect(screen.getByTestId('automation-state')).toHaveTextContent('Paused: retrains'));
    expect(seen.find((c) => c.name === 'PauseAutomation')?.variables).toEqual({ model: 'fortunes', paused: true });
    expect(screen.getByRole('button', { name: 'Resume' })).toBeEnabled();
  });
});
