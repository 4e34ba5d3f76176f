import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { activityFixture, annotationFixture, STATS_FIXTURE, workItemFixture, type ItemFixture } from '../test/annotateFixtures';
import { datasetFixture } from '../test/datasetFixtures';
import { viewerFixture } from '../test/fixtures';
import { renderApp, type Answer } from '../test/renderApp';

type Variables = Record<string, unknown>;
const TEXT = 'Zoë met 山田 in Paris 😀 then flew to Genève';
const MULTI = [
  { __typename: 'Label', name: 'billing', hotkey: '1', color: '#1f77b4' },
  { __typename: 'Label', name: 'bug', hotkey: '2', color: '#d62728' },
  { __typename: 'Label', name: 'praise', hotkey: '3', color: '#2ca02c' },
];
const ENTITIES = [
  { __typename: 'Label', name: 'PER', hotkey: '1', color: '#1f77b4' },
  { __typename: 'Label', name: 'LOC', hotkey: '2', color: '#2ca02c' },
];

/** A queue of `items` in a dataset of `taskType`; annotateItem stores the answer, or answers `refuse` once. */
function fakeQueue(items: ItemFixture[], taskType: string, refuse: Answer | null = null) {
  const byId = new Map(items.map((item) => [item.id, item]));
  const requests: { name: string; variables: Variables }[] = [];
  let refusal = refuse;
  const resolve = (name: string, variables: Variables): Answer => {
    if (name === 'Viewer') return { data: { viewer: viewerFixture('USER') } };
    if (name === 'Dataset') return { data: { dataset: datasetFixture({ taskType, labels: taskType === 'SPANS' ? ENTITIES : MULTI }) } };
    if (name === 'DatasetActivity') return { data: activityFixture() };
    if (name === 'DatasetStats') return { data: STATS_FIXTURE };
    requests.push({ name, variables });
    if (name === 'NextItem') {
      const next = [...byId.values()].find((item) => item.annotations.length === 0);
      const queued = { __typename: 'QueuedItem', reservedUntil: '2026-01-02T03:06:05+00:00', item: next };
      return { data: { nextItem: next ? queued : { __typename: 'QueueEmpty', message: 'nothing left' } } };
    }
    if (name !== 'AnnotateItem') throw new Error(`unexpected ${name}`);
    if (refusal) {
      const answer = refusal;
      refusal = null;
      return answer;
    }
    const item = byId.get(variables.itemId as string)!;
    const spans = ((variables.spans as { start: number; end: number; label: string; text: string }[] | undefined) ?? []).map((s) => ({ __typename: 'Span' as const, score: null, ...s }));
    const mine = { ...annotationFixture('user', 'key'), labels: (variables.labels as string[] | undefined) ?? [], spans };
    const stored = { ...item, status: 'IN_PROGRESS', annotations: [mine] };
    byId.set(item.id, stored);
    return { data: { annotateItem: { __typename: 'ItemSuccess', item: stored } } };
  };
  return { resolve, sent: () => requests.filter((r) => r.name === 'AnnotateItem').map((r) => r.variables) };
}

const picker = () => screen.getByRole('group', { name: /^Labels \(all that apply\)|^Mark the selection as/ });
const pressed = () =>
  within(picker())
    .getAllByRole('button')
    .filter((b) => b.getAttribute('aria-pressed') === 'true')
    .map((b) => b.getAttribute('data-label'));
const selected = () => [...document.querySelectorAll('.span-token.selected')].map((e) => e.textContent).join('');
const spanList = () => within(screen.getByRole('list', { name: /Spans$/ })).getAllByRole('listitem').map((li) => li.textContent);

describe('Multi-label', () => {
  it('label keys toggle labels, the pressed state shows, and Enter sends the set', async () => {
    // given
    const api = fakeQueue([workItemFixture('r1'), workItemFixture('r2')], 'MULTI_LABEL');
    renderApp('/datasets/reviews/annotate?prefetch=0', api.resolve);
    const user = userEvent.setup();
    await screen.findByRole('heading', { name: 'Item r1' });
    // when
    await user.keyboard('1323');
    // then
    expect(pressed()).toEqual(['billing', 'bug']);
    await user.keyboard('{Enter}');
    await screen.findByRole('heading', { name: 'Item r2' });
    expect(api.sent()).toEqual([{ itemId: 'reviews:r1', labels: ['billing', 'bug'], note: null }]);
  });

  it('an empty set is not sent and says why; 0 says none of these, which Enter sends', async () => {
    // given
    const api = fakeQueue([workItemFixture('r1'), workItemFixture('r2')], 'MULTI_LABEL');
    renderApp('/datasets/reviews/annotate?prefetch=0', api.resolve);
    const user = userEvent.setup();
    await screen.findByRole('heading', { name: 'Item r1' });
    // when
    await user.keyboard('{Enter}');
    // then
    expect(screen.getByRole('group', { name: 'Labels (all that apply)' })).toHaveTextContent('No label chosen: an empty set is not sent.');
    expect(api.sent()).toEqual([]);
    // when: 1 then 0 (the set is emptied), Enter
    await user.keyboard('10');
    expect(pressed()).toEqual([]);
    expect(screen.getByRole('button', { name: /^None of these/ })).toHaveAttribute('aria-pressed', 'true');
    await user.keyboard('{Enter}');
    await screen.findByRole('heading', { name: 'Item r2' });
    expect(api.sent()).toEqual([{ itemId: 'reviews:r1', labels: [], noneOfThese: true, note: null }]);
  });

  it("pre-selects the suggested set; Enter sends it as accepted, a changed set as not", async () => {
    // given
    const suggestion = { __typename: 'Suggestion', label: 'billing+bug', confidence: 0.8, model: 'm', version: '2', at: '2026-01-02T03:04:05+00:00', labels: [{ label: 'billing', score: 0.8 }, { label: 'bug', score: 0.7 }], spans: [] };
    const api = fakeQueue([workItemFixture('r1', { suggestion }), workItemFixture('r2', { suggestion })], 'MULTI_LABEL');
    renderApp('/datasets/reviews/annotate?prefetch=0', api.resolve);
    const user = userEvent.setup();
    await screen.findByRole('heading', { name: 'Item r1' });
    expect(pressed()).toEqual(['billing', 'bug']);
    // when
    await user.keyboard('{Enter}');
    await screen.findByRole('heading', { name: 'Item r2' });
    await user.keyboard('3{Enter}');
    await screen.findByText('nothing left.', { exact: false });
    // then
    expect(api.sent()).toEqual([
      { itemId: 'reviews:r1', labels: ['billing', 'bug'], note: null, acceptedSuggestion: true },
      { itemId: 'reviews:r2', labels: ['billing', 'bug', 'praise'], note: null, acceptedSuggestion: false },
    ]);
  });
});

describe('Spans', () => {
  it('arrows move word by word, Shift extends, a label key marks; overlaps are refused; Tab and Delete remove; Enter sends code points', async () => {
    // given
    const api = fakeQueue([workItemFixture('r1', { text: TEXT })], 'SPANS');
    renderApp('/datasets/reviews/annotate?prefetch=0', api.resolve);
    const user = userEvent.setup();
    await screen.findByRole('heading', { name: 'Item r1' });
    expect(screen.getByRole('group', { name: 'Text to mark' })).toHaveFocus();
    // when: Zoë PER, 山田 PER, "in Paris" then Paris LOC (the same span takes another label only when equal)
    await user.keyboard('1{ArrowRight}{ArrowRight}1{ArrowRight}{Shift>}{ArrowRight}{/Shift}');
    expect(selected()).toBe('in Paris');
    await user.keyboard('{Shift>}{ArrowLeft}{/Shift}{ArrowRight}2');
    expect(selected()).toBe('Paris');
    await user.keyboard('{ArrowRight}{ArrowRight}{ArrowRight}{ArrowRight}{ArrowRight}2{Shift>}{ArrowLeft}{/Shift}1');
    // then the overlap is refused
    expect(screen.getByRole('status')).toHaveTextContent('Spans may not overlap: this selection overlaps “Genève” (LOC).');
    expect(spanList()).toEqual(['Zoë PER', '山田 PER', 'Paris LOC', 'Genève LOC']);
    // when: Tab, Tab to 山田, Delete; Enter
    await user.keyboard('{Tab}{Tab}{Delete}');
    expect(spanList()).toEqual(['Zoë PER', 'Paris LOC', 'Genève LOC']);
    await user.keyboard('{Enter}');
    await screen.findByText('nothing left.', { exact: false });
    // then: the emoji is one code point (Genève: UTF-16 36–42, code points 35–41)
    expect(api.sent()).toEqual([
      {
        itemId: 'reviews:r1',
        note: null,
        spans: [
          { start: 0, end: 3, label: 'PER', text: 'Zoë' },
          { start: 14, end: 19, label: 'LOC', text: 'Paris' },
          { start: 35, end: 41, label: 'LOC', text: 'Genève' },
        ],
      },
    ]);
  });

  it('shows suggested spans dashed; Enter accepts them all', async () => {
    // given
    const spans = [{ __typename: 'Span', start: 35, end: 41, label: 'LOC', text: 'Genève', score: 0.9 }];
    const suggestion = { __typename: 'Suggestion', label: '35-41:LOC', confidence: 0.9, model: 'm', version: '2', at: '2026-01-02T03:04:05+00:00', labels: [], spans };
    const api = fakeQueue([workItemFixture('r1', { text: TEXT, suggestion })], 'SPANS');
    renderApp('/datasets/reviews/annotate?prefetch=0', api.resolve);
    const user = userEvent.setup();
    await screen.findByRole('heading', { name: 'Item r1' });
    // then
    expect(document.querySelector('mark.span-mark.suggested')).toHaveTextContent('GenèveLOC ?');
    expect(screen.getByRole('list', { name: 'Suggested spans' })).toHaveTextContent('Genève LOC suggested');
    // when
    await user.keyboard('{Enter}');
    await screen.findByText('nothing left.', { exact: false });
    expect(api.sent()).toEqual([{ itemId: 'reviews:r1', note: null, acceptedSuggestion: true, spans: [{ start: 35, end: 41, label: 'LOC', text: 'Genève' }] }]);
  });

  it("puts the API's field error next to the span it names", async () => {
    // given
    const refuse = { data: { annotateItem: { __typename: 'ValidationError', message: 'invalid answer', fieldErrors: [{ __typename: 'FieldError', field: 'spans[1].label', message: "unknown label 'X'" }] } } };
    const api = fakeQueue([workItemFixture('r1', { text: TEXT })], 'SPANS', refuse);
    renderApp('/datasets/reviews/annotate?prefetch=0', api.resolve);
    const user = userEvent.setup();
    await screen.findByRole('heading', { name: 'Item r1' });
    // when
    await user.keyboard('1{ArrowRight}{ArrowRight}2{Enter}');
    // then
    await screen.findByText("unknown label 'X'", { exact: false });
    expect(spanList()).toEqual(['Zoë PER', "山田 LOC unknown label 'X'"]);
  });
});
