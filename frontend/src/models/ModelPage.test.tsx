import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { connectionFixture, viewerFixture } from '../test/fixtures';
import { HISTORY, modelFixture, modelQueryFixture, versionFixture } from '../test/modelFixtures';
import { renderApp, type Answer } from '../test/renderApp';

type Seen = { name: string; variables: Record<string, unknown> }[];

function promotionJob(id: string, state: string, result: Record<string, unknown> = {}, message = '') {
  return {
    __typename: 'Job',
    id,
    kind: 'PROMOTION',
    state,
    datasetId: 'fortunes',
    done: state === 'SUCCEEDED' ? 4 : 0,
    total: 4,
    message,
    problems: [],
    problemCount: 0,
    createdAt: '2026-12-06T10:00:00+00:00',
    startedAt: null,
    finishedAt: null,
    result,
  };
}

function proposalFixture(overrides: Record<string, unknown> = {}) {
  return {
    __typename: 'PromotionProposal',
    id: 'job_p1',
    model: 'fortunes',
    version: '2',
    proposedBy: 'automation',
    reason: 'retrained on 50 new labels',
    at: '2026-12-06T10:00:00+00:00',
    gate: { passed: false, note: "recall of 'sports' 0.700 is more than 0.05 below production's 0.810" },
    status: 'OPEN',
    decidedBy: null,
    decisionReason: null,
    promotionJobId: null,
    ...overrides,
  };
}

function api(
  role: 'USER' | 'ADMIN',
  mutations: Record<string, unknown> = {},
  seen: Seen = [],
  model = modelFixture(),
  proposals: unknown[] = [],
  jobs: Record<string, unknown> = {},
) {
  return (name: string, variables: Record<string, unknown>): Answer => {
    seen.push({ name, variables });
    if (name === 'Viewer') return { data: { viewer: viewerFixture(role) } };
    if (name === 'Model') return { data: modelQueryFixture(model) };
    if (name === 'RegisteredModels') return { data: { registeredModels: connectionFixture('RegisteredModelConnection', [modelFixture()]) } };
    if (name === 'PromotionHistory') return { data: { promotionHistory: connectionFixture('PromotionEventConnection', HISTORY) } };
    if (name === 'PromotionProposals') return { data: { promotionProposals: connectionFixture('PromotionProposalConnection', proposals) } };
    if (name === 'JobProgress') return { data: { jobProgress: jobs[variables.id as string] } };
    if (name in mutations) return { data: { [name.charAt(0).toLowerCase() + name.slice(1)]: mutations[name] } };
    throw new Error(`unexpected ${name}`);
  };
}

const calls = (seen: Seen, name: string) => seen.filter((call) => call.name === name);

async function openDialog(button: string) {
  const user = userEvent.setup();
  await user.click(await screen.findByRole('button', { name: button }));
  const dialog = await screen.findByRole('dialog');
  return { user, dialog };
}

describe('Models list', () => {
  it('lists the models with their production and latest version, from the navigation', async () => {
    renderApp('/models/nope', api('ADMIN'));
    const user = userEvent.setup();
    const navigation = await screen.findByRole('navigation', { name: 'Main' });
    await user.click(within(navigation).getByRole('link', { name: 'Models' }));
    const table = await screen.findByRole('table', { name: 'Registered models' });
    const row = within(table).getByRole('row', { name: /fortunes/ });
    expect(row).toHaveTextContent('v3');
    expect(within(row).getAllByRole('cell').map((cell) => cell.textContent)).toEqual(
      expect.arrayContaining(['v3', '3']),
    );
    await user.click(within(row).getByRole('link', { name: 'fortunes' }));
    expect(await screen.findByRole('heading', { name: 'fortunes', level: 1 })).toBeInTheDocument();
  });
});

describe('Model page', () => {
  it('shows the versions with their figures, the production badge and links to the training runs', async () => {
    renderApp('/models/fortunes', api('ADMIN'));
    const table = await screen.findByRole('table', { name: 'Versions' });
    const rows = within(table).getAllByRole('row').slice(2);
    expect(rows.map((row) => row.getAttribute('data-version'))).toEqual(['3', '2', '1']);
    expect(rows[0]).toHaveTextContent('production');
    expect(rows[0]).toHaveTextContent('0.632');
    expect(rows[0]).toHaveTextContent('TFIDF_SGD');
    expect(within(rows[1]!).getByText('700')).toBeInTheDocument();
    expect(within(rows[1]!).getByRole('link', { name: 'run_2' })).toHaveAttribute('href', '/datasets/fortunes/training/run_2');
    // The production version has no Promote button; the others do.
    expect(within(rows[0]!).queryByRole('button', { name: /Promote/ })).toBeNull();
    expect(within(rows[1]!).getByRole('button', { name: 'Promote version 2' })).toBeEnabled();
    expect(screen.getByText('api-1 serves v3')).toBeInTheDocument();
  });

  it('compares two ticked versions, older first, with the differences', async () => {
    renderApp('/models/fortunes', api('ADMIN'));
    const user = userEvent.setup();
    await user.click(await screen.findByRole('checkbox', { name: 'Compare version 3' }));
    expect(screen.getByText('Tick one more version.')).toBeInTheDocument();
    await user.click(screen.getByRole('checkbox', { name: 'Compare version 2' }));
    const table = screen.getByRole('table', { name: 'Version 2 and version 3' });
    expect(within(table).getByTestId('delta-accuracy')).toHaveTextContent('+0.032');
    expect(within(table).getByTestId('delta-macroF1')).toHaveTextContent('+0.061');
    expect(within(table).getByRole('row', { name: /Items/ })).toHaveTextContent('+21');
    expect(within(table).getByRole('row', { name: /parameter alpha/ })).toHaveTextContent('0.1');
    expect(screen.getByRole('link', { name: 'Compare the two training runs' })).toHaveAttribute(
      'href',
      '/training/compare?ids=run_2,run_3',
    );
    // A third box replaces the first one ticked.
    await user.click(screen.getByRole('checkbox', { name: 'Compare version 1' }));
    expect(screen.getByRole('table', { name: 'Version 1 and version 2' })).toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: 'Compare version 3' })).not.toBeChecked();
  });

  it('shows the promotion history, newest first, with actor, reason and metrics', async () => {
    renderApp('/models/fortunes', api('ADMIN'));
    const history = await screen.findByRole('list', { name: 'Promotion history' });
    const entries = within(history).getAllByRole('listitem');
    expect(entries).toHaveLength(2);
    expect(entries[0]).toHaveTextContent('PROMOTE');
    expect(entries[0]).toHaveTextContent('v3 (was v2)');
    expect(entries[0]).toHaveTextContent('admin');
    expect(entries[0]).toHaveTextContent('better macro-F1');
    expect(entries[0]).toHaveTextContent('macro F10.561');
    expect(entries[1]).toHaveTextContent('first one');
    expect(entries[1]).not.toHaveTextContent('was');
  });

  it('promotes a version with a reason: a promotion job, what it did, then the model and history are read again', async () => {
    const seen: Seen = [];
    const queued = { __typename: 'PromotionJobSuccess', job: promotionJob('job_1', 'QUEUED') };
    const done = promotionJob('job_1', 'SUCCEEDED', { outcome: 'PROMOTED' }, 'version 2 of fortunes is in production now (was version 3); batch scoring job job_2 queued');
    renderApp('/models/fortunes', api('ADMIN', { PromoteModelVersion: queued }, seen, modelFixture(), [], { job_1: done }));
    const { user, dialog } = await openDialog('Promote version 2');
    expect(dialog).toHaveAccessibleName('Promote version 2');
    expect(within(dialog).getByLabelText('Reason')).toHaveFocus();
    await user.type(within(dialog).getByLabelText('Reason'), '  fewer complaints ');
    await user.click(within(dialog).getByRole('button', { name: 'Promote' }));

    expect(await screen.findByText('Version 2 of fortunes is in production now (was version 3); batch scoring job job_2 queued.')).toHaveAttribute('role', 'status');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(calls(seen, 'PromoteModelVersion').map((c) => c.variables)).toEqual([
      { name: 'fortunes', version: '2', reason: 'fewer complaints' },
    ]);
    await waitFor(() => expect(calls(seen, 'Model').length).toBeGreaterThanOrEqual(2));
    await waitFor(() => expect(calls(seen, 'PromotionHistory').length).toBeGreaterThanOrEqual(2));
  });

  it('says when the gate failed: production unchanged, the proposal waits', async () => {
    const queued = { __typename: 'PromotionJobSuccess', job: promotionJob('job_1', 'QUEUED') };
    const proposed = promotionJob('job_1', 'SUCCEEDED', {
      outcome: 'PROPOSED',
      gate: { passed: false, note: 'macro F1 0.400 is below production\'s 0.560 minus 0.01' },
    });
    renderApp('/models/fortunes', api('ADMIN', { PromoteModelVersion: queued }, [], modelFixture(), [], { job_1: proposed }));
    const { user, dialog } = await openDialog('Promote version 2');
    await user.type(within(dialog).getByLabelText('Reason'), 'try it');
    await user.click(within(dialog).getByRole('button', { name: 'Promote' }));
    expect(
      await screen.findByText(
        "Production is unchanged: a proposal waits for an ADMIN. Gate: macro F1 0.400 is below production's 0.560 minus 0.01.",
      ),
    ).toBeInTheDocument();
  });

  it('lists proposals with the gate note; an ADMIN accepts one with an override reason', async () => {
    const seen: Seen = [];
    const accepted = { __typename: 'PromotionJobSuccess', job: promotionJob('job_9', 'QUEUED') };
    const done = promotionJob('job_9', 'SUCCEEDED', { outcome: 'PROMOTED' }, 'version 2 of fortunes is in production now');
    renderApp(
      '/models/fortunes',
      api('ADMIN', { AcceptPromotionProposal: accepted }, seen, modelFixture(), [proposalFixture()], { job_9: done }),
    );
    const list = await screen.findByRole('list', { name: 'Promotion proposals' });
    expect(list).toHaveTextContent("Gate failed: recall of 'sports' 0.700 is more than 0.05 below production's 0.810");
    expect(list).toHaveTextContent('proposed by automation');
    const user = userEvent.setup();
    await user.click(within(list).getByRole('button', { name: 'Accept version 2' }));
    const dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByLabelText('Reason'), 'sports matter less this month');
    await user.click(within(dialog).getByRole('button', { name: 'Accept and promote' }));
    expect(await screen.findByText('Version 2 of fortunes is in production now.')).toBeInTheDocument();
    expect(calls(seen, 'AcceptPromotionProposal').map((c) => c.variables)).toEqual([
      { id: 'job_p1', reason: 'sports matter less this month' },
    ]);
  });

  it('an ADMIN declines a proposal with a reason', async () => {
    const seen: Seen = [];
    const declined = {
      __typename: 'ProposalDeclinedSuccess',
      proposal: proposalFixture({ status: 'DECLINED', decidedBy: 'admin', decisionReason: 'no' }),
    };
    renderApp('/models/fortunes', api('ADMIN', { DeclinePromotionProposal: declined }, seen, modelFixture(), [proposalFixture()]));
    const list = await screen.findByRole('list', { name: 'Promotion proposals' });
    const user = userEvent.setup();
    await user.click(within(list).getByRole('button', { name: 'Decline version 2' }));
    const dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByLabelText('Reason'), 'no');
    await user.click(within(dialog).getByRole('button', { name: 'Decline' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(calls(seen, 'DeclinePromotionProposal').map((c) => c.variables)).toEqual([{ id: 'job_p1', reason: 'no' }]);
  });

  it('a USER reads proposals without Accept or Decline', async () => {
    renderApp('/models/fortunes', api('USER', {}, [], modelFixture(), [proposalFixture()]));
    const list = await screen.findByRole('list', { name: 'Promotion proposals' });
    expect(within(list).queryByRole('button')).toBeNull();
  });

  it('the reason dialog requires a reason, and sends nothing without one', async () => {
    const seen: Seen = [];
    renderApp('/models/fortunes', api('ADMIN', {}, seen));
    const { user, dialog } = await openDialog('Promote version 1');
    await user.type(within(dialog).getByLabelText('Reason'), '   ');
    await user.click(within(dialog).getByRole('button', { name: 'Promote' }));
    const reason = within(dialog).getByLabelText('Reason');
    expect(reason).toHaveAttribute('aria-invalid', 'true');
    expect(reason).toHaveAccessibleDescription(expect.stringContaining('Say why: the reason is kept in the history.'));
    expect(calls(seen, 'PromoteModelVersion')).toHaveLength(0);
    // Esc closes it without a change.
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(calls(seen, 'PromoteModelVersion')).toHaveLength(0);
  });

  it("puts the API's ValidationError on reason under the reason box", async () => {
    const invalid = {
      __typename: 'ValidationError',
      message: 'invalid input in reason: nothing was changed',
      fieldErrors: [{ __typename: 'FieldError', field: 'reason', code: 'too_long', message: 'keep it under 2,000 characters' }],
    };
    renderApp('/models/fortunes', api('ADMIN', { PromoteModelVersion: invalid }));
    const { user, dialog } = await openDialog('Promote version 2');
    await user.type(within(dialog).getByLabelText('Reason'), 'a long story');
    await user.click(within(dialog).getByRole('button', { name: 'Promote' }));
    await waitFor(() =>
      expect(within(dialog).getByLabelText('Reason')).toHaveAccessibleDescription(
        expect.stringContaining('keep it under 2,000 characters'),
      ),
    );
    expect(screen.getByRole('dialog')).toBeInTheDocument();
    expect(within(dialog).queryByRole('alert')).toBeNull();
  });

  it('a rollback with nothing before says so in the dialog (NoPreviousVersionError)', async () => {
    const seen: Seen = [];
    const none = {
      __typename: 'NoPreviousVersionError',
      message: "model 'fortunes' has no earlier production version to roll back to: promote a version instead",
    };
    renderApp('/models/fortunes', api('ADMIN', { RollbackModel: none }, seen));
    const { user, dialog } = await openDialog('Roll back');
    await user.type(within(dialog).getByLabelText('Reason'), 'complaints about sports');
    await user.click(within(dialog).getByRole('button', { name: 'Roll back' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      "Model 'fortunes' has no earlier production version to roll back to: promote a version instead.",
    );
    expect(calls(seen, 'RollbackModel').map((c) => c.variables)).toEqual([
      { name: 'fortunes', reason: 'complaints about sports' },
    ]);
    expect(screen.getByRole('dialog')).toBeInTheDocument();
  });

  it('after an error the reason dialog keeps the focus and still closes with Esc (roll back twice)', async () => {
    const none = {
      __typename: 'NoPreviousVersionError',
      message: "model 'fortunes' has no earlier production version to roll back to: promote a version instead",
    };
    renderApp('/models/fortunes', api('ADMIN', { RollbackModel: none }));
    const { user, dialog } = await openDialog('Roll back');
    await user.type(within(dialog).getByLabelText('Reason'), 'again');
    await user.click(within(dialog).getByRole('button', { name: 'Roll back' }));
    await within(dialog).findByRole('alert');
    expect(within(dialog).getByLabelText('Reason')).toHaveFocus();
    // Chromium drops the focus of a button while it is disabled (sending): Esc must not depend on where it is
    (document.activeElement as HTMLElement).blur();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('Roll back is disabled, with the reason, when no earlier production version is there to return to', async () => {
    renderApp('/models/fortunes', api('ADMIN', {}, [], modelFixture({ rollbackVersion: null })));
    const rollback = await screen.findByRole('button', { name: 'Roll back' });
    expect(rollback).toBeDisabled();
    expect(rollback).toHaveAccessibleDescription(expect.stringContaining('No earlier production version to roll back to'));
  });

  it('Roll back names the version it returns to', async () => {
    renderApp('/models/fortunes', api('ADMIN'));
    const { dialog } = await openDialog('Roll back');
    expect(dialog).toHaveTextContent('Version 3 leaves production, and version 2 serves again.');
  });

  it('ModelVersionNotFoundError goes to the form message', async () => {
    const missing = { __typename: 'ModelVersionNotFoundError', message: "model 'fortunes' has no version '2'" };
    renderApp('/models/fortunes', api('ADMIN', { PromoteModelVersion: missing }));
    const { user, dialog } = await openDialog('Promote version 2');
    await user.type(within(dialog).getByLabelText('Reason'), 'x');
    await user.click(within(dialog).getByRole('button', { name: 'Promote' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent("Model 'fortunes' has no version '2'.");
  });

  it('a USER sees Promote and Roll back disabled, with the reason', async () => {
    renderApp('/models/fortunes', api('USER'));
    const promote = await screen.findByRole('button', { name: 'Promote version 2' });
    expect(promote).toBeDisabled();
    expect(promote).toHaveAccessibleDescription(expect.stringContaining("Requires the permission 'promote_model'"));
    const rollback = screen.getByRole('button', { name: 'Roll back' });
    expect(rollback).toBeDisabled();
    expect(rollback).toHaveAccessibleDescription(expect.stringContaining("Requires the permission 'promote_model'"));
    // Reading is for everyone: the table, comparison boxes and history are there.
    expect(screen.getByRole('checkbox', { name: 'Compare version 2' })).toBeEnabled();
    expect(await screen.findByRole('list', { name: 'Promotion history' })).toBeInTheDocument();
  });

  it('lists the latest 10 versions and the production one, and all on request', async () => {
    const versions = Array.from({ length: 14 }, (_, i) => String(14 - i)).map((v) =>
      versionFixture(v, v === '2' ? { isProduction: true, aliases: ['production'] } : {}),
    );
    renderApp('/models/fortunes', api('ADMIN', {}, [], modelFixture({ versions, versionCount: 14, productionVersion: '2' })));
    const table = await screen.findByRole('table', { name: 'Versions' });
    const shown = () => within(table).getAllByRole('row').slice(2).map((row) => row.getAttribute('data-version'));
    expect(shown()).toEqual(['14', '13', '12', '11', '10', '9', '8', '7', '6', '5', '2']);
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Show all 14 versions' }));
    expect(shown()).toHaveLength(14);
    await user.click(screen.getByRole('button', { name: 'Show the latest 10 only' }));
    expect(shown()).toHaveLength(11);
  });

  it('an unknown model says so', async () => {
    renderApp('/models/nope', api('ADMIN'));
    expect(await screen.findByRole('heading', { name: 'No such model' })).toBeInTheDocument();
  });
});
