import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import {
  activityFixture,
  annotationFixture,
  labelEventFixture,
  queuedFixture,
  queueEmptyFixture,
  STATS_FIXTURE,
  workItemFixture,
} from '../test/annotateFixtures';
import { datasetFixture } from '../test/datasetFixtures';
import { viewerFixture } from '../test/fixtures';
import { renderApp, type Answer } from '../test/renderApp';

type Variables = Record<string, unknown>;

const CONFLICT = workItemFixture('r4', {
  status: 'CONFLICT',
  agreement: 0,
  annotations: [annotationFixture('alice', 'pos', 'sounds happy'), annotationFixture('bob', 'neg', 'ironic')],
  history: [labelEventFixture('alice', 'annotate', 'pos', 'sounds happy'), labelEventFixture('bob', 'annotate', 'neg', 'ironic')],
});

function api(role: 'USER' | 'ADMIN', sent: { name: string; variables: Variables }[] = []) {
  let reviewed = false;
  return (name: string, variables: Variables): Answer => {
    if (name === 'Viewer') return { data: { viewer: viewerFixture(role) } };
    if (name === 'Dataset') return { data: { dataset: datasetFixture() } };
    if (name === 'DatasetActivity') return { data: activityFixture() };
    if (name === 'DatasetStats') return { data: STATS_FIXTURE };
    sent.push({ name, variables });
    if (name === 'NextItem') {
      return { data: reviewed ? queueEmptyFixture("no item of 'reviews' needs a label from you in the REVIEW queue") : queuedFixture(CONFLICT) };
    }
    if (name === 'SetGoldLabel') {
      reviewed = true;
      const item = { ...CONFLICT, status: 'REVIEWED', goldLabel: variables.label };
      return { data: { setGoldLabel: { __typename: 'ItemSuccess', item } } };
    }
    throw new Error(`unexpected ${name}`);
  };
}

describe('Review queue', () => {
  it('a USER gets the permission page, no queue request, and no Review tab', async () => {
    const sent: { name: string; variables: Variables }[] = [];
    renderApp('/datasets/reviews/review', api('USER', sent));
    expect(await screen.findByRole('heading', { name: 'You need permission REVIEW' })).toBeInTheDocument();
    expect(screen.getByText(/Requires the permission 'review', which role ADMIN has and your role USER does not/)).toBeInTheDocument();
    const tabs = screen.getByRole('navigation', { name: 'Dataset' });
    expect(within(tabs).queryByRole('link', { name: 'Review' })).not.toBeInTheDocument();
    expect(within(tabs).getByRole('link', { name: 'Annotate' })).toBeInTheDocument();
    expect(within(tabs).getByRole('link', { name: 'Agreement' })).toBeInTheDocument();
    expect(sent).toEqual([]);
  });

  it('counts in words that agree with the number: 1 conflict waiting, 1 label in the last minute', async () => {
    renderApp('/datasets/reviews/review', (name, variables) =>
      name === 'DatasetActivity' ? { data: activityFixture({ labelsLastMinute: 1 }) } : api('ADMIN')(name, variables),
    );
    const progress = await screen.findByTestId('dataset-progress');
    expect(progress).toHaveTextContent('1 conflict waiting · 1 label in the last minute');
  });

  it('promises no undo it cannot keep: no U in its hints, and U sends nothing', async () => {
    const sent: { name: string; variables: Variables }[] = [];
    renderApp('/datasets/reviews/review', api('ADMIN', sent));
    const main = await screen.findByRole('main');
    await within(main).findByText('sounds happy');
    expect(main.textContent).not.toMatch(/undo/i);
    const before = sent.length;
    await userEvent.setup().keyboard('u');
    expect(sent.slice(before)).toEqual([]);
  });

  it('an ADMIN sees every label, note and the history; a key and Enter set the gold label with the comment', async () => {
    const sent: { name: string; variables: Variables }[] = [];
    renderApp('/datasets/reviews/review', api('ADMIN', sent));
    const user = userEvent.setup();
    expect(await screen.findByRole('heading', { name: 'Item r4' })).toBeInTheDocument();
    expect(sent[0]).toEqual({ name: 'NextItem', variables: { datasetId: 'reviews', strategy: 'REVIEW', exclude: null } });
    const given = screen.getByRole('table', { name: /Labels given/ });
    const rows = within(given).getAllByRole('row').slice(1);
    expect(rows.map((row) => row.textContent)).toEqual([
      expect.stringMatching(/^alicepossounds happy/),
      expect.stringMatching(/^bobnegironic/),
    ]);
    const history = screen.getByRole('list', { name: 'History, newest first' });
    expect(within(history).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      expect.stringMatching(/bob labelled neg — “ironic”$/),
      expect.stringMatching(/alice labelled pos — “sounds happy”$/),
    ]);
    expect(within(screen.getByRole('navigation', { name: 'Dataset' })).getByRole('link', { name: 'Review' })).toBeInTheDocument();

    await user.keyboard('2/');
    await user.keyboard('irony wins 1');
    await user.keyboard('{Escape}{Enter}');
    expect(await screen.findByRole('heading', { name: 'No conflicts left to review' })).toBeInTheDocument();
    expect(sent.filter((s) => s.name === 'SetGoldLabel').map((s) => s.variables)).toEqual([
      { itemId: 'reviews:r4', label: 'neg', comment: 'irony wins 1' },
    ]);
    expect(screen.getByText('Reviewed r4: gold label “neg”.')).toBeInTheDocument();
    expect(screen.getByTestId('decided-count')).toHaveTextContent('1');
  });
});
