import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { connectionFixture, viewerFixture } from '../test/fixtures';
import { HISTORY, modelFixture, modelQueryFixture, versionFixture } from '../test/modelFixtures';
import { renderApp, type Answer } from '../test/renderApp';

type Seen = { name: string; variables: Record<string, unknown> }[];

const WITH_CHALLENGER = modelFixture({
  versions: [
    versionFixture('3', { isProduction: true, aliases: ['production'] }),
    versionFixture('2', { aliases: ['challenger'] }),
    versionFixture('1'),
  ],
});

function api(role: 'USER' | 'ADMIN', mutations: Record<string, unknown> = {}, seen: Seen = []) {
  return (name: string, variables: Record<string, unknown>): Answer => {
    seen.push({ name, variables });
    if (name === 'Viewer') return { data: { viewer: viewerFixture(role) } };
    if (name === 'Model') return { data: modelQueryFixture(WITH_CHALLENGER) };
    if (name === 'PromotionHistory') return { data: { promotionHistory: connectionFixture('PromotionEventConnection', HISTORY) } };
    if (name === 'PromotionProposals') return { data: { promotionProposals: connectionFixture('PromotionProposalConnection', []) } };
    if (name in mutations) return { data: { [name.charAt(0).toLowerCase() + name.slice(1)]: mutations[name] } };
    throw new Error(`unexpected ${name}`);
  };
}

const EVENT = {
  __typename: 'AliasEvent',
  id: 'fortunes:000002',
  model: 'fortunes',
  alias: 'challenger',
  version: '1',
  previousVersion: '2',
  actor: 'admin',
  reason: 'try the older one',
  at: '2026-11-27T10:00:00+00:00',
};

describe('Aliases on the versions table', () => {
  it('shows named aliases as badges beside production', async () => {
    renderApp('/models/fortunes', api('USER'));
    const table = await screen.findByRole('table', { name: 'Versions' });
    const row = within(table).getAllByRole('row').find((r) => r.getAttribute('data-version') === '2')!;
    expect(row.querySelector('[data-alias="challenger"]')).toHaveTextContent('challenger');
    // a USER may not change aliases: no remove button, and Set alias is disabled
    expect(within(row).queryByRole('button', { name: /Remove alias/ })).toBeNull();
    expect(within(row).getByRole('button', { name: 'Set alias on version 2' })).toBeDisabled();
  });

  it('an ADMIN sets an alias with a reason; the API’s alias error shows under the alias box', async () => {
    const seen: Seen = [];
    const refused = {
      __typename: 'ProductionAliasReservedError',
      message: "the alias 'production' is moved by promotion only: use `promoteModelVersion` (or `rollbackModel`)",
    };
    const answers = [refused, { __typename: 'AliasSuccess', event: EVENT }];
    let call = 0;
    const mutations = new Proxy({} as Record<string, unknown>, {
      has: (_, key) => key === 'SetModelAlias',
      get: () => answers[Math.min(call++, answers.length - 1)],
    });
    renderApp('/models/fortunes', api('ADMIN', mutations, seen));
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Set alias on version 1' }));
    const dialog = await screen.findByRole('dialog');
    const alias = within(dialog).getByLabelText('Alias');
    await user.clear(alias);
    await user.type(alias, 'production');
    await user.type(within(dialog).getByLabelText('Reason'), 'try the older one');
    await user.click(within(dialog).getByRole('button', { name: 'Set alias' }));
    expect(await within(dialog).findByText(/moved by promotion only/)).toBeInTheDocument();
    await user.clear(alias);
    await user.type(alias, 'challenger');
    await user.click(within(dialog).getByRole('button', { name: 'Set alias' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(await screen.findByText(/Alias challenger now points to version 1/)).toBeInTheDocument();
    expect(seen.filter((c) => c.name === 'SetModelAlias').at(-1)?.variables).toEqual({
      name: 'fortunes',
      alias: 'challenger',
      version: '1',
      reason: 'try the older one',
    });
  });

  it('an ADMIN removes an alias with a reason', async () => {
    const seen: Seen = [];
    const removed = { __typename: 'AliasSuccess', event: { ...EVENT, version: null, previousVersion: '2', reason: 'done' } };
    renderApp('/models/fortunes', api('ADMIN', { RemoveModelAlias: removed }, seen));
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Remove alias challenger from version 2' }));
    const dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByLabelText('Reason'), 'done');
    await user.click(within(dialog).getByRole('button', { name: 'Remove alias' }));
    expect(await screen.findByText('Alias challenger removed (it pointed to version 2).')).toBeInTheDocument();
    expect(seen.find((c) => c.name === 'RemoveModelAlias')?.variables).toEqual({
      name: 'fortunes',
      alias: 'challenger',
      reason: 'done',
    });
  });
});
