import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { viewerFixture } from '../test/fixtures';
import { evaluationSetFixture, modelFixture, modelQueryFixture } from '../test/modelFixtures';
import { renderApp, type Answer } from '../test/renderApp';

type Seen = { name: string; variables: Record<string, unknown> }[];

const GATE = { __typename: 'PromotionGate', model: 'fortunes', macroF1Tolerance: 0.01, recallDropTolerance: 0.05 };

function api(
  role: 'USER' | 'ADMIN',
  { set = evaluationSetFixture() as unknown, freeze = {} as unknown, saveGate = {} as unknown } = {},
  seen: Seen = [],
) {
  return (name: string, variables: Record<string, unknown>): Answer => {
    seen.push({ name, variables });
    if (name === 'Viewer') return { data: { viewer: viewerFixture(role) } };
    if (name === 'Model') return { data: modelQueryFixture(modelFixture()) };
    if (name === 'EvaluationSet') return { data: { evaluationSet: set } };
    if (name === 'FreezeEvaluationSet') return { data: { freezeEvaluationSet: freeze } };
    if (name === 'PromotionGate') return { data: { promotionGate: GATE } };
    if (name === 'SetPromotionGate') return { data: { setPromotionGate: saveGate } };
    throw new Error(`unexpected ${name}`);
  };
}

const frozen = (overrides: Record<string, unknown> = {}) => ({
  __typename: 'EvaluationSetSuccess',
  evaluationSet: evaluationSetFixture(overrides),
});

describe('Evaluation tab', () => {
  it('shows the set in force: size, seed, who froze it, label counts and the set it replaced', async () => {
    // given
    renderApp('/models/fortunes/evaluation', api('USER'));
    // then
    expect(await screen.findByTestId('evaluation-set-state')).toHaveTextContent(
      'Set 2: 144 items, seed 7, frozen by admin on',
    );
    const labels = screen.getByRole('table', { name: 'Evaluation set labels' });
    expect(within(labels).getAllByRole('row').map((row) => row.textContent)).toEqual([
      'LabelItems',
      'computers80',
      'politics52',
      'sports12',
    ]);
    const replaced = screen.getByRole('list', { name: 'Replaced evaluation sets' });
    expect(within(replaced).getByRole('listitem')).toHaveTextContent(/^Set 1: 100 items, frozen by alice on .*, replaced by admin on /);
    expect(screen.getByRole('heading', { name: 'Evaluation set of dataset fortunes' })).toBeInTheDocument();
  });

  it('a USER cannot freeze: the button is disabled and says why', async () => {
    // given
    const seen: Seen = [];
    renderApp('/models/fortunes/evaluation', api('USER', {}, seen));
    // then
    const form = await screen.findByRole('form', { name: 'Freeze the evaluation set' });
    const button = within(form).getByRole('button', { name: 'Refreeze' });
    expect(button).toBeDisabled();
    expect(button).toHaveAccessibleDescription(/permission/i);
    expect(within(form).getByLabelText('Share')).toBeDisabled();
    expect(within(form).getByLabelText('Seed')).toBeDisabled();
    expect(seen.map((c) => c.name)).toContain('EvaluationSet');
    expect(seen.some((c) => c.name === 'FreezeEvaluationSet')).toBe(false);
  });

  it('without a set, an ADMIN freezes one by size with a seed, at once', async () => {
    // given
    const seen: Seen = [];
    renderApp('/models/fortunes/evaluation', api('ADMIN', { set: null, freeze: frozen({ generation: 1, size: 50, seed: 3, replaced: [] }) }, seen));
    const user = userEvent.setup();
    expect(await screen.findByTestId('evaluation-set-state')).toHaveTextContent('No evaluation set yet');
    const form = screen.getByRole('form', { name: 'Freeze the evaluation set' });
    // when
    await user.selectOptions(within(form).getByLabelText('Sample by'), 'Number of items');
    await user.clear(within(form).getByLabelText('Items'));
    await user.type(within(form).getByLabelText('Items'), '50');
    await user.clear(within(form).getByLabelText('Seed'));
    await user.type(within(form).getByLabelText('Seed'), '3');
    await user.click(within(form).getByRole('button', { name: 'Freeze' }));
    // then
    expect(await within(form).findByText('Evaluation set 1 frozen: 50 items (seed 3).')).toBeInTheDocument();
    expect(seen.find((c) => c.name === 'FreezeEvaluationSet')?.variables).toEqual({
      datasetId: 'fortunes',
      size: 50,
      fraction: null,
      seed: 3,
    });
    expect(seen.filter((c) => c.name === 'EvaluationSet').length).toBeGreaterThanOrEqual(2);
  });

  it('a refreeze asks first; Cancel sends nothing, confirming sends the fraction', async () => {
    // given
    const seen: Seen = [];
    renderApp('/models/fortunes/evaluation', api('ADMIN', { freeze: frozen({ generation: 3 }) }, seen));
    const user = userEvent.setup();
    const form = await screen.findByRole('form', { name: 'Freeze the evaluation set' });
    await waitFor(() => expect(within(form).getByRole('button', { name: 'Refreeze' })).toBeEnabled());
    await user.clear(within(form).getByLabelText('Share'));
    await user.type(within(form).getByLabelText('Share'), '0.25');
    // when
    await user.click(within(form).getByRole('button', { name: 'Refreeze' }));
    const confirm = screen.getByRole('alertdialog', { name: 'Replace evaluation set 2?' });
    expect(within(confirm).getByRole('button', { name: 'Replace the set' })).toHaveFocus();
    await user.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    // then
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    await waitFor(() => expect(within(form).getByRole('button', { name: 'Refreeze' })).toHaveFocus());
    // when: Esc cancels too
    await user.click(within(form).getByRole('button', { name: 'Refreeze' }));
    await user.keyboard('{Escape}');
    // then
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(seen.some((c) => c.name === 'FreezeEvaluationSet')).toBe(false);
    // when
    await user.click(within(form).getByRole('button', { name: 'Refreeze' }));
    await user.keyboard('{Enter}');
    // then
    expect(await within(form).findByText('Evaluation set 3 frozen: 144 items (seed 7).')).toBeInTheDocument();
    expect(seen.filter((c) => c.name === 'FreezeEvaluationSet').map((c) => c.variables)).toEqual([
      { datasetId: 'fortunes', size: null, fraction: 0.25, seed: 0 },
    ]);
  });

  it("shows the API's field error next to its input, and a domain error for the form", async () => {
    // given
    const invalid = {
      __typename: 'ValidationError',
      message: 'invalid arguments',
      fieldErrors: [{ __typename: 'FieldError', field: 'size', code: 'out_of_range', message: 'give a size of 1 to 50000 items' }],
    };
    renderApp('/models/fortunes/evaluation', api('ADMIN', { set: null, freeze: invalid }));
    const user = userEvent.setup();
    const form = await screen.findByRole('form', { name: 'Freeze the evaluation set' });
    await waitFor(() => expect(within(form).getByRole('button', { name: 'Freeze' })).toBeEnabled());
    // when
    await user.selectOptions(within(form).getByLabelText('Sample by'), 'Number of items');
    await user.clear(within(form).getByLabelText('Items'));
    await user.type(within(form).getByLabelText('Items'), '60000');
    await user.click(within(form).getByRole('button', { name: 'Freeze' }));
    // then
    await waitFor(() => expect(within(form).getByLabelText('Items')).toHaveAccessibleDescription('give a size of 1 to 50000 items'));
    expect(within(form).getByLabelText('Items')).toBeInvalid();
  });

  it('says what to do when the dataset has no gold item', async () => {
    // given
    const noGold = {
      __typename: 'NoGoldItemsError',
      message: "dataset 'fortunes' has no gold-labelled item to evaluate on: review items (set gold labels) or import items with a label first",
    };
    renderApp('/models/fortunes/evaluation', api('ADMIN', { set: null, freeze: noGold }));
    const user = userEvent.setup();
    const form = await screen.findByRole('form', { name: 'Freeze the evaluation set' });
    await waitFor(() => expect(within(form).getByRole('button', { name: 'Freeze' })).toBeEnabled());
    // when
    await user.click(within(form).getByRole('button', { name: 'Freeze' }));
    // then
    expect(await within(form).findByText(/has no gold-labelled item to evaluate on: review items/)).toBeInTheDocument();
  });

  it('a share outside 0–0.5 is refused before anything is sent', async () => {
    // given
    const seen: Seen = [];
    renderApp('/models/fortunes/evaluation', api('ADMIN', { set: null }, seen));
    const user = userEvent.setup();
    const form = await screen.findByRole('form', { name: 'Freeze the evaluation set' });
    await waitFor(() => expect(within(form).getByRole('button', { name: 'Freeze' })).toBeEnabled());
    // when
    await user.clear(within(form).getByLabelText('Share'));
    await user.type(within(form).getByLabelText('Share'), '0.8');
    await user.click(within(form).getByRole('button', { name: 'Freeze' }));
    // then
    expect(within(form).getByLabelText('Share')).toHaveAccessibleDescription(/Give a share above 0 and at most 0.5/);
    expect(seen.some((c) => c.name === 'FreezeEvaluationSet')).toBe(false);
  });
});

describe('Promotion gate', () => {
  it('shows the tolerances; a USER cannot change them', async () => {
    // given
    renderApp('/models/fortunes/evaluation', api('USER'));
    // then
    expect(await screen.findByTestId('gate-state')).toHaveTextContent(
      'macro F1 on the evaluation set is at least production’s minus 0.010, and no label’s recall is more than 0.050 below',
    );
    const form = screen.getByRole('form', { name: 'Promotion gate' });
    expect(within(form).getByLabelText('Macro-F1 tolerance')).toHaveValue(0.01);
    expect(within(form).getByLabelText('Macro-F1 tolerance')).toBeDisabled();
    expect(within(form).getByRole('button', { name: 'Save gate' })).toBeDisabled();
  });

  it('an ADMIN saves new tolerances', async () => {
    // given
    const seen: Seen = [];
    const saved = { ...GATE, macroF1Tolerance: 0.02, recallDropTolerance: 0.1 };
    renderApp('/models/fortunes/evaluation', api('ADMIN', { saveGate: saved }, seen));
    const user = userEvent.setup();
    const form = await screen.findByRole('form', { name: 'Promotion gate' });
    await waitFor(() => expect(within(form).getByLabelText('Macro-F1 tolerance')).toHaveValue(0.01));
    // when
    await user.clear(within(form).getByLabelText('Macro-F1 tolerance'));
    await user.type(within(form).getByLabelText('Macro-F1 tolerance'), '0.02');
    await user.clear(within(form).getByLabelText('Recall-drop tolerance'));
    await user.type(within(form).getByLabelText('Recall-drop tolerance'), '0.1');
    await user.click(within(form).getByRole('button', { name: 'Save gate' }));
    // then
    expect(await within(form).findByText('Gate saved: the next promotion job applies it.')).toBeInTheDocument();
    expect(seen.find((c) => c.name === 'SetPromotionGate')?.variables).toEqual({
      name: 'fortunes',
      macroF1Tolerance: 0.02,
      recallDropTolerance: 0.1,
    });
  });

  it("puts the API's field error next to its tolerance", async () => {
    // given
    const invalid = {
      __typename: 'ValidationError',
      message: 'invalid arguments',
      fieldErrors: [{ __typename: 'FieldError', field: 'recallDropTolerance', code: 'out_of_range', message: 'give a tolerance from 0 to 1' }],
    };
    renderApp('/models/fortunes/evaluation', api('ADMIN', { saveGate: invalid }));
    const user = userEvent.setup();
    const form = await screen.findByRole('form', { name: 'Promotion gate' });
    await waitFor(() => expect(within(form).getByLabelText('Macro-F1 tolerance')).toHaveValue(0.01));
    // when
    await user.click(within(form).getByRole('button', { name: 'Save gate' }));
    // then
    await waitFor(() =>
      expect(within(form).getByLabelText('Recall-drop tolerance')).toHaveAccessibleDescription('give a tolerance from 0 to 1'),
    );
  });
});
