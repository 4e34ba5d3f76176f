import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { activityFixture, annotationFixture, queuedFixture, queueEmptyFixture, STATS_FIXTURE, workItemFixture } from '../test/annotateFixtures';
import { datasetFixture } from '../test/datasetFixtures';
import { viewerFixture } from '../test/fixtures';
import { renderApp, type Answer } from '../test/renderApp';

type Variables = Record<string, unknown>;
const TEXT = 'Zoë met 山田 in Paris';
const ENTITIES = [
  { __typename: 'Label', name: 'PER', hotkey: '1', color: '#1f77b4' },
  { __typename: 'Label', name: 'LOC', hotkey: '2', color: '#2ca02c' },
];
const span = (start: number, end: number, label: string) => ({ __typename: 'Span' as const, start, end, label, text: Array.from(TEXT).slice(start, end).join(''), score: null });
const CONFLICT = workItemFixture('r4', {
  text: TEXT,
  status: 'CONFLICT',
  annotations: [
    { ...annotationFixture('alice', '0-3:PER 14-19:LOC'), spans: [span(0, 3, 'PER'), span(14, 19, 'LOC')] },
    { ...annotationFixture('bob', '0-3:PER'), spans: [span(0, 3, 'PER')] },
  ],
});

function api(sent: Variables[]) {
  let reviewed = false;
  return (name: string, variables: Variables): Answer => {
    if (name === 'Viewer') return { data: { viewer: viewerFixture('ADMIN') } };
    if (name === 'Dataset') return { data: { dataset: datasetFixture({ taskType: 'SPANS', labels: ENTITIES }) } };
    if (name === 'DatasetActivity') return { data: activityFixture() };
    if (name === 'DatasetStats') return { data: STATS_FIXTURE };
    if (name === 'NextItem') return { data: reviewed ? queueEmptyFixture('nothing to review') : queuedFixture(CONFLICT) };
    if (name !== 'SetGoldLabel') throw new Error(`unexpected ${name}`);
    sent.push(variables);
    reviewed = true;
    return { data: { setGoldLabel: { __typename: 'ItemSuccess', item: { ...CONFLICT, status: 'REVIEWED', goldLabel: '0-3:PER 8-10:PER' } } } };
  };
}

describe('Review of spans', () => {
  it("shows each annotator's spans in the text, and the reviewer marks the gold spans with the keyboard", async () => {
    // given
    const sent: Variables[] = [];
    renderApp('/datasets/reviews/review', api(sent));
    const user = userEvent.setup();
    await screen.findByRole('heading', { name: 'Item r4' });
    const rows = within(screen.getByRole('table', { name: /Labels given/ })).getAllByRole('row').slice(1);
    // then: every annotator's spans, highlighted with their label names
    expect(rows.map((row) => [...row.querySelectorAll('mark')].map((m) => m.textContent))).toEqual([['ZoëPER', 'ParisLOC'], ['ZoëPER']]);
    expect(screen.getByRole('group', { name: 'Gold spans: text to mark' })).toHaveFocus();
    // when: Zoë PER, 山田 PER, Enter
    await user.keyboard('1{ArrowRight}{ArrowRight}1{Enter}');
    // then
    await screen.findByRole('heading', { name: 'No conflicts left to review' });
    expect(sent).toEqual([
      { itemId: 'reviews:r4', comment: null, spans: [{ start: 0, end: 3, label: 'PER', text: 'Zoë' }, { start: 8, end: 10, label: 'PER', text: '山田' }] },
    ]);
  });

  it("starts the gold spans from an annotator's, which Enter sends as they are", async () => {
    // given
    const sent: Variables[] = [];
    renderApp('/datasets/reviews/review', api(sent));
    const user = userEvent.setup();
    await screen.findByRole('heading', { name: 'Item r4' });
    // when
    await user.click(screen.getByRole('button', { name: "Start the gold answer from alice's" }));
    // then
    const gold = screen.getAllByRole('list', { name: 'Spans' })[0]!;
    expect(within(gold).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['Zoë PER', 'Paris LOC']);
    await user.click(screen.getByRole('button', { name: /^Set gold label/ }));
    await screen.findByRole('heading', { name: 'No conflicts left to review' });
    expect(sent).toEqual([
      { itemId: 'reviews:r4', comment: null, spans: [{ start: 0, end: 3, label: 'PER', text: 'Zoë' }, { start: 14, end: 19, label: 'LOC', text: 'Paris' }] },
    ]);
  });
});
