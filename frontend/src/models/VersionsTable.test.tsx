import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { connectionFixture, viewerFixture } from '../test/fixtures';
import { evaluationFixture, HISTORY, modelFixture, modelQueryFixture, runFixture, versionFixture } from '../test/modelFixtures';
import { renderApp, type Answer } from '../test/renderApp';

const MODEL = modelFixture({
  versions: [
    versionFixture('3', { isProduction: true, aliases: ['production'], evaluation: evaluationFixture() }),
    versionFixture('2', { run: runFixture('run_2', { itemCount: 700 }) }),
  ],
});

function api(name: string): Answer {
  if (name === 'Viewer') return { data: { viewer: viewerFixture('USER') } };
  if (name === 'Model') return { data: modelQueryFixture(MODEL) };
  if (name === 'PromotionHistory') return { data: { promotionHistory: connectionFixture('PromotionEventConnection', HISTORY) } };
  if (name === 'PromotionProposals') return { data: { promotionProposals: connectionFixture('PromotionProposalConnection', []) } };
  throw new Error(`unexpected ${name}`);
}

describe('Versions table: evaluation-set figures', () => {
  it("shows a scored version's evaluation figures next to its hold-out ones, recall per label on expand", async () => {
    // given
    renderApp('/models/fortunes', api);
    const table = await screen.findByRole('table', { name: 'Versions' });
    const row = table.querySelector<HTMLElement>('tr[data-version="3"]')!;
    // then: hold-out accuracy, macro-F1, items, then the evaluation set's
    const numbers = within(row)
      .getAllByRole('cell')
      .filter((cell) => cell.classList.contains('numeric'))
      .map((cell) => cell.textContent);
    expect(numbers).toEqual(['0.569', '0.318', '721', '0.653', '0.581', '144']);
    expect(within(table).getAllByRole('columnheader', { name: 'Evaluation Macro-F1' })).toHaveLength(1);
    expect(within(table).getByRole('columnheader', { name: 'Evaluation set' })).toBeInTheDocument();
    // when
    const user = userEvent.setup();
    const recall = within(row).getByRole('list', { name: 'Recall of version 3', hidden: true });
    expect(recall).not.toBeVisible();
    await user.click(within(row).getByText('3 labels'));
    // then
    expect(recall).toBeVisible();
    expect(within(recall).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'computers: 0.810',
      'politics: 0.620',
      'sports: 0.250',
    ]);
  });

  it('says "not evaluated" for a version no promotion job scored', async () => {
    // given
    renderApp('/models/fortunes', api);
    // then
    expect(await screen.findByTestId('evaluation-2')).toHaveTextContent('not evaluated');
    expect(screen.getByTestId('evaluation-3')).toHaveTextContent('0.653');
  });
});
