import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { activityFixture, annotationFixture, STATS_FIXTURE, workItemFixture, type ItemFixture } from '../test/annotateFixtures';
import { datasetFixture } from '../test/datasetFixtures';
import { viewerFixture } from '../test/fixtures';
import { renderApp, type Answer } from '../test/renderApp';

type Variables = Record<string, unknown>;

function suggestion(label: string, confidence = 0.87) {
  return { __typename: 'Suggestion' as const, label, confidence, model: 'reviews', version: '3', at: '2026-01-02T03:04:05+00:00' };
}

/**
 * A queue over the given items (r1, r2…) as the API answers them: nextItem gives the first item the viewer has
 * not labelled; annotateItem stores the label (and what the workspace said of the suggestion).
 */
function fakeQueue(items: ItemFixture[], { role = 'USER' as 'USER' | 'ADMIN', blind = false } = {}) {
  const byId = new Map(items.map((item) => [item.id, item]));
  const requests: { name: string; variables: Variables }[] = [];
  const username = role === 'ADMIN' ? 'admin' : 'user';
  const resolve = (name: string, variables: Variables): Answer => {
    if (name === 'Viewer') return { data: { viewer: viewerFixture(role) } };
    if (name === 'Dataset') {
      const settings = { __typename: 'AnnotationSettings', overlapTarget: 1, blind, queueOrder: 'RANDOM' };
      return { data: { dataset: datasetFixture({ settings }) } };
    }
    if (name === 'DatasetActivity') return { data: activityFixture() };
    if (name === 'DatasetStats') return { data: STATS_FIXTURE };
    requests.push({ name, variables });
    switch (name) {
      case 'NextItem': {
        const next = [...byId.values()].find((item) => !item.annotations.some((a) => a.annotator === username));
        const queued = { __typename: 'QueuedItem', reservedUntil: '2026-01-02T03:06:05+00:00', item: next };
        return { data: { nextItem: next ? queued : { __typename: 'QueueEmpty', message: 'nothing left' } } };
      }
      case 'AnnotateItem': {
        const item = byId.get(variables.itemId as string)!;
        const mine = { ...annotationFixture(username, variables.label as string), suggestionAccepted: (variables.acceptedSuggestion as boolean | undefined) ?? null };
        const stored = { ...item, status: 'IN_PROGRESS', annotations: [mine] };
        byId.set(item.id, stored);
        return { data: { annotateItem: { __typename: 'ItemSuccess', item: stored } } };
      }
      default:
        throw new Error(`unexpected ${name}`);
    }
  };
  const sent = (name: string) => requests.filter((r) => r.name === name).map((r) => r.variables);
  return { resolve, sent };
}

const itemHeading = (externalId: string) => screen.findByRole('heading', { name: `Item ${externalId}` });
const labelButton = (name: string) =>
  within(screen.getByRole('group', { name: 'Label' })).getByRole('button', { name: new RegExp(`^${name}\\b`) });
const pressedLabels = () =>
  within(screen.getByRole('group', { name: 'Label' }))
    .getAllByRole('button')
    .filter((button) => button.getAttribute('aria-pressed') === 'true')
    .map((button) => button.getAttribute('data-label'));

describe('Suggestions one key away', () => {
  it("pre-selects the model's suggestion, says so with its confidence, and Enter accepts it: the next item shows", async () => {
    // given an item the model scored "neg" at 87 %, then one it scored "pos"
    const api = fakeQueue([workItemFixture('r1', { suggestion: suggestion('neg') }), workItemFixture('r2', { suggestion: suggestion('pos', 0.6) })]);
    renderApp('/datasets/reviews/annotate?prefetch=0', api.resolve);
    const user = userEvent.setup();
    await itemHeading('r1');
    // then "neg" is chosen and marked as the suggestion
    expect(pressedLabels()).toEqual(['neg']);
    expect(labelButton('neg')).toHaveAttribute('data-suggested', 'true');
    expect(labelButton('pos')).not.toHaveAttribute('data-suggested');
    expect(screen.getByTestId('suggestion-hint')).toHaveTextContent(
      'Pre-selected: the model’s suggestion neg (87.0 % confident, reviews version 3). Press Enter to accept it, or a label key to choose another.',
    );
    // when Enter is pressed
    await user.keyboard('{Enter}');
    // then the label is sent as the suggestion accepted, and the next item shows with its own suggestion chosen
    await itemHeading('r2');
    expect(api.sent('AnnotateItem')).toEqual([{ itemId: 'reviews:r1', label: 'neg', note: null, acceptedSuggestion: true }]);
    expect(api.sent('NextItem')).toHaveLength(2); // the one request after the write, as without a suggestion
    expect(pressedLabels()).toEqual(['pos']);
  });

  it('a label key picks another label: the hint goes, and the label is sent as not the suggestion', async () => {
    // given an item the model scored "neg"
    const api = fakeQueue([workItemFixture('r1', { suggestion: suggestion('neg') }), workItemFixture('r2')]);
    renderApp('/datasets/reviews/annotate?prefetch=0', api.resolve);
    const user = userEvent.setup();
    await itemHeading('r1');
    // when the annotator presses pos's key (1), then Enter
    await user.keyboard('1');
    expect(pressedLabels()).toEqual(['pos']);
    expect(screen.queryByTestId('suggestion-hint')).toBeNull();
    expect(labelButton('neg')).not.toHaveAttribute('data-suggested');
    await user.keyboard('{Enter}');
    await itemHeading('r2');
    // then pos is sent, with acceptedSuggestion false
    expect(api.sent('AnnotateItem')).toEqual([{ itemId: 'reviews:r1', label: 'pos', note: null, acceptedSuggestion: false }]);
  });

  it('changing the label and choosing the suggestion again is not accepting it unchanged', async () => {
    const api = fakeQueue([workItemFixture('r1', { suggestion: suggestion('neg') }), workItemFixture('r2')]);
    renderApp('/datasets/reviews/annotate?prefetch=0', api.resolve);
    const user = userEvent.setup();
    await itemHeading('r1');
    await user.keyboard('2'); // the suggestion's own key: still the suggestion as it was
    expect(screen.getByTestId('suggestion-hint')).toBeInTheDocument();
    await user.keyboard('12{Enter}');
    await itemHeading('r2');
    expect(api.sent('AnnotateItem')).toEqual([{ itemId: 'reviews:r1', label: 'neg', note: null, acceptedSuggestion: false }]);
  });

  it('without a suggestion nothing is pre-selected, and nothing is said about one', async () => {
    const api = fakeQueue([workItemFixture('r1'), workItemFixture('r2')]);
    renderApp('/datasets/reviews/annotate?prefetch=0', api.resolve);
    const user = userEvent.setup();
    await itemHeading('r1');
    expect(pressedLabels()).toEqual([]);
    expect(screen.queryByTestId('suggestion-hint')).toBeNull();
    await user.keyboard('{Enter}'); // nothing chosen: nothing sent
    expect(api.sent('AnnotateItem')).toEqual([]);
    await user.keyboard('2{Enter}');
    await itemHeading('r2');
    expect(api.sent('AnnotateItem')).toEqual([{ itemId: 'reviews:r1', label: 'neg', note: null }]);
  });

  it('a blind dataset pre-selects nothing, even for a reviewer to whom the API sends the suggestion', async () => {
    // given a blind dataset, and an ADMIN (the API shows reviewers the suggestion; annotators never get it)
    const api = fakeQueue([workItemFixture('r1', { suggestion: suggestion('neg') }), workItemFixture('r2')], { role: 'ADMIN', blind: true });
    renderApp('/datasets/reviews/annotate?prefetch=0', api.resolve);
    const user = userEvent.setup();
    await itemHeading('r1');
    // then nothing is chosen and no label is marked as suggested
    expect(pressedLabels()).toEqual([]);
    expect(screen.queryByTestId('suggestion-hint')).toBeNull();
    expect(within(screen.getByRole('group', { name: 'Label' })).getAllByRole('button').filter((b) => b.hasAttribute('data-suggested'))).toEqual([]);
    await user.keyboard('{Enter}');
    expect(api.sent('AnnotateItem')).toEqual([]);
    // and a label chosen by key is sent without a word about a suggestion
    await user.keyboard('2{Enter}');
    await itemHeading('r2');
    expect(api.sent('AnnotateItem')).toEqual([{ itemId: 'reviews:r1', label: 'neg', note: null }]);
  });

  it('a USER of a blind dataset gets no suggestion from the API: no pre-selection, no "Model suggests" line', async () => {
    const api = fakeQueue([workItemFixture('r1', { suggestion: null })], { blind: true });
    renderApp('/datasets/reviews/annotate?prefetch=0', api.resolve);
    await itemHeading('r1');
    expect(pressedLabels()).toEqual([]);
    expect(screen.queryByTestId('suggestion-hint')).toBeNull();
    expect(screen.queryByLabelText('Model suggestion')).toBeNull();
  });

  it('the key list says that the submit key accepts a pre-selected suggestion', async () => {
    const api = fakeQueue([workItemFixture('r1', { suggestion: suggestion('neg') })]);
    renderApp('/datasets/reviews/annotate?prefetch=0', api.resolve);
    await itemHeading('r1');
    expect(screen.getByText('submit the label (a pre-selected model suggestion: accept it), then the next item')).toBeInTheDocument();
  });
});
