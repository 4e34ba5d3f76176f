import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import {
  activityFixture,
  annotationFixture,
  queueEmptyFixture,
  STATS_FIXTURE,
  workItemFixture,
  type ItemFixture,
} from '../test/annotateFixtures';
import { datasetFixture } from '../test/datasetFixtures';
import { viewerFixture } from '../test/fixtures';
import { renderApp, type Answer } from '../test/renderApp';
import { DEFAULT_SHORTCUTS, type ShortcutMap } from './keyMap';

type Variables = Record<string, unknown>;

/**
 * A fake API over items r1…rN that behaves like the queue: nextItem gives the first item that `user` has not
 * labelled and that is not excluded; annotateItem and deleteAnnotation change the item. `refuse` answers
 * annotateItem with a union error member instead.
 */
function fakeQueue(count = 3, refuse?: (variables: Variables) => unknown) {
  const items = new Map<string, ItemFixture>();
  for (let i = 1; i <= count; i++) items.set(`reviews:r${i}`, workItemFixture(`r${i}`));
  const requests: { name: string; variables: Variables }[] = [];
  const mine = (item: ItemFixture) => item.annotations.some((a) => a.annotator === 'user');
  const store = (item: ItemFixture) => {
    items.set(item.id, item);
    return { __typename: 'ItemSuccess', item };
  };
  const resolve = (name: string, variables: Variables): Answer => {
    if (name === 'Viewer') return { data: { viewer: viewerFixture('USER') } };
    if (name === 'Dataset') return { data: { dataset: datasetFixture() } };
    if (name === 'DatasetActivity') return { data: activityFixture() };
    if (name === 'DatasetStats') return { data: STATS_FIXTURE };
    requests.push({ name, variables });
    switch (name) {
      case 'NextItem': {
        const exclude = (variables.exclude as string[] | null) ?? [];
        const next = [...items.values()].find((item) => !exclude.includes(item.id) && !mine(item));
        return { data: next ? { nextItem: { __typename: 'QueuedItem', reservedUntil: '2026-01-02T03:06:05+00:00', item: next } } : queueEmptyFixture() };
      }
      case 'Item':
        return { data: { item: items.get(variables.id as string) ?? null } };
      case 'AnnotateItem': {
        const refusal = refuse?.(variables);
        if (refusal) return { data: { annotateItem: refusal } };
        const item = items.get(variables.itemId as string)!;
        const others = item.annotations.filter((a) => a.annotator !== 'user');
        const annotation = annotationFixture('user', variables.label as string, (variables.note as string | null) ?? null);
        return { data: { annotateItem: store({ ...item, status: 'IN_PROGRESS', annotations: [...others, annotation] }) } };
      }
      case 'DeleteAnnotation': {
        const item = items.get(variables.itemId as string)!;
        const annotations = item.annotations.filter((a) => a.annotator !== 'user');
        return { data: { deleteAnnotation: store({ ...item, status: 'UNLABELED', annotations }) } };
      }
      default:
        throw new Error(`unexpected ${name}`);
    }
  };
  const sent = (name: string) => requests.filter((r) => r.name === name).map((r) => r.variables);
  return { resolve, items, sent };
}

/** The workspace's one polite live region for "Labelled …", hints and errors (WCAG 4.1.3). */
const workNotice = () => within(screen.getByRole('region', { name: 'Your label' })).getByRole('status');
const itemHeading = (externalId: string) => screen.findByRole('heading', { name: `Item ${externalId}` });
const labelButton = (name: string) =>
  within(screen.getByRole('group', { name: 'Label' })).getByRole('button', { name: new RegExp(`^${name}\\b`) });

describe('Annotation workspace', () => {
  it('a label key selects the label; Enter sends annotateItem with it and the note, then shows the next item', async () => {
    const api = fakeQueue();
    renderApp('/datasets/reviews/annotate?prefetch=0', api.resolve);
    const user = userEvent.setup();
    await itemHeading('r1');
    expect(api.sent('NextItem')).toEqual([{ datasetId: 'reviews', strategy: 'UNLABELED_FIRST', exclude: null }]);
    expect(screen.getByText('review r1')).toBeInTheDocument();
    expect(screen.getByText('Is the review positive or negative?')).toBeInTheDocument(); // the instructions

    await user.keyboard('2');
    expect(labelButton('neg')).toHaveAttribute('aria-pressed', 'true');
    expect(labelButton('pos')).toHaveAttribute('aria-pressed', 'false');

    await user.keyboard('/'); // to the note: what is typed there is text, not commands
    const note = screen.getByLabelText('Note (optional)');
    expect(note).toHaveFocus();
    await user.keyboard('sarcastic 1 s u{Enter}');
    expect(note).toHaveValue('sarcastic 1 s u\n');
    expect(labelButton('neg')).toHaveAttribute('aria-pressed', 'true');
    expect(api.sent('AnnotateItem')).toEqual([]);
    expect(api.sent('DeleteAnnotation')).toEqual([]);
    expect(api.sent('NextItem')).toHaveLength(1);

    await user.keyboard('{Escape}'); // leaves the note: keys are commands again
    expect(note).not.toHaveFocus();
    await user.keyboard('{Enter}');
    await itemHeading('r2');
    expect(api.sent('AnnotateItem')).toEqual([{ itemId: 'reviews:r1', label: 'neg', note: 'sarcastic 1 s u' }]);
    expect(screen.getByText('Labelled r1 “neg”.')).toBeInTheDocument();
    expect(screen.getByTestId('decided-count')).toHaveTextContent('1');
    expect(labelButton('neg')).toHaveAttribute('aria-pressed', 'false'); // a fresh item starts without a label
    expect(screen.getByLabelText('Note (optional)')).toHaveValue('');
  });

  it('S skips: the queue is asked again without the skipped item', async () => {
    const api = fakeQueue();
    renderApp('/datasets/reviews/annotate?prefetch=0', api.resolve);
    const user = userEvent.setup();
    await itemHeading('r1');
    await user.keyboard('s');
    await itemHeading('r2');
    await user.keyboard('S');
    await itemHeading('r3');
    expect(api.sent('NextItem').map((v) => v.exclude)).toEqual([null, ['reviews:r1'], ['reviews:r1', 'reviews:r2']]);
    expect(api.sent('AnnotateItem')).toEqual([]);
  });

  it('U deletes my last annotation and shows that item again; the new label replaces it', async () => {
    const api = fakeQueue();
    renderApp('/datasets/reviews/annotate?prefetch=0', api.resolve);
    const user = userEvent.setup();
    await itemHeading('r1');
    await user.keyboard('1{Enter}');
    await itemHeading('r2');
    expect(screen.getByTestId('decided-count')).toHaveTextContent('1');

    await user.keyboard('u');
    await itemHeading('r1');
    expect(api.sent('DeleteAnnotation')).toEqual([{ itemId: 'reviews:r1' }]);
    expect(screen.getByText(/Undone: item r1 has no label from you now/)).toBeInTheDocument();
    expect(labelButton('pos')).toHaveAttribute('aria-pressed', 'false');
    expect(screen.getByTestId('decided-count')).toHaveTextContent('0');

    await user.keyboard('2{Enter}');
    await itemHeading('r2'); // back where the queue was: r2 is still reserved for me
    expect(api.sent('AnnotateItem')).toEqual([
      { itemId: 'reviews:r1', label: 'pos', note: null },
      { itemId: 'reviews:r1', label: 'neg', note: null },
    ]);
    expect(api.items.get('reviews:r1')!.annotations.map((a) => a.label)).toEqual(['neg']);
    expect(api.sent('NextItem')).toHaveLength(2);
    expect(screen.getByTestId('decided-count')).toHaveTextContent('1');
  });

  it('← and → walk the items of the session: a labelled item shows my label, and Enter updates it', async () => {
    const api = fakeQueue();
    renderApp('/datasets/reviews/annotate?prefetch=0', api.resolve);
    const user = userEvent.setup();
    await itemHeading('r1');
    await user.keyboard('1{Enter}');
    await itemHeading('r2');
    await user.keyboard('{ArrowLeft}');
    await itemHeading('r1');
    expect(labelButton('pos')).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByTestId('my-label')).toHaveTextContent('pos');
    expect(screen.getByTestId('trail-position')).toHaveTextContent('Item 1 of 2 in this session');
    await user.keyboard('{ArrowRight}');
    await itemHeading('r2');
    await user.keyboard('{ArrowRight}'); // r2 is the queue's current item: nothing after it yet
    expect(screen.getByRole('heading', { name: 'Item r2' })).toBeInTheDocument();

    await user.keyboard('{ArrowLeft}2{Enter}');
    await itemHeading('r2');
    expect(api.sent('AnnotateItem').at(-1)).toEqual({ itemId: 'reviews:r1', label: 'neg', note: null });
    expect(api.sent('NextItem')).toHaveLength(2); // an update moves on through the session, the queue is not asked
    expect(screen.getByTestId('decided-count')).toHaveTextContent('1');
  });

  it('an empty queue is a friendly "nothing left to label"', async () => {
    const api = fakeQueue(0);
    renderApp('/datasets/reviews/annotate?prefetch=0', api.resolve);
    expect(await screen.findByRole('heading', { name: 'Nothing left to label' })).toBeInTheDocument();
    expect(screen.getByText(/No item of 'reviews' needs a label from you/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /^Submit/ })).toBeDisabled();
    await userEvent.setup().keyboard('1{Enter}');
    expect(api.sent('AnnotateItem')).toEqual([]);
  });

  it('Enter without a label asks for one and sends nothing', async () => {
    const api = fakeQueue();
    renderApp('/datasets/reviews/annotate?prefetch=0', api.resolve);
    await itemHeading('r1');
    await userEvent.setup().keyboard('{Enter}');
    await waitFor(() => expect(workNotice()).toHaveTextContent('Choose a label first'));
    expect(api.sent('AnnotateItem')).toEqual([]);
  });

  it('a refused label shows the field error next to the labels, and the item stays', async () => {
    const message = "label 'neg' is not in dataset 'reviews' labels ['pos']";
    const api = fakeQueue(3, () => ({
      __typename: 'ValidationError',
      message: 'invalid input',
      fieldErrors: [{ __typename: 'FieldError', field: 'label', code: 'unknown_label', message }],
    }));
    renderApp('/datasets/reviews/annotate?prefetch=0', api.resolve);
    await itemHeading('r1');
    await userEvent.setup().keyboard('2{Enter}');
    const group = screen.getByRole('group', { name: 'Label' });
    await waitFor(() => expect(group).toHaveAccessibleDescription(message));
    expect(screen.getByRole('heading', { name: 'Item r1' })).toBeInTheDocument();
    expect(api.sent('NextItem')).toHaveLength(1);
  });

  it('loaded ahead (the default): Enter shows the next item at once; a refused label is told, kept, and sent again', async () => {
    // given: the first write is refused
    let refusals = 1;
    const message = 'item r1 was changed meanwhile';
    const api = fakeQueue(3, () => (refusals-- > 0 ? { __typename: 'ConcurrentChangesError', message } : null));
    renderApp('/datasets/reviews/annotate', api.resolve);
    const user = userEvent.setup();
    await itemHeading('r1');
    await waitFor(() => expect(api.sent('NextItem')).toHaveLength(2));
    expect(api.sent('NextItem')[1]).toEqual({ datasetId: 'reviews', strategy: 'UNLABELED_FIRST', exclude: ['reviews:r1'] });

    // when
    await user.keyboard('2{Enter}');

    // then: r2 shows, with no nextItem asked for it after the key; the refusal of r1 is told with a way back
    await itemHeading('r2');
    await waitFor(() => expect(workNotice()).toHaveTextContent("Item r1 was not saved: Item r1 was changed meanwhile. Submit it again. Your label is kept"));
    expect(api.sent('NextItem').slice(0, 3).map((v) => v.exclude)).toEqual([null, ['reviews:r1'], ['reviews:r1', 'reviews:r2']]);
    await user.click(within(workNotice()).getByRole('button', { name: 'Go back to it' }));
    await itemHeading('r1');
    expect(labelButton('neg')).toHaveAttribute('aria-pressed', 'true');

    // when sent again
    await user.keyboard('{Enter}');

    // then
    await itemHeading('r2');
    await waitFor(() => expect(screen.getByTestId('decided-count')).toHaveTextContent('1'));
    expect(api.sent('AnnotateItem')).toEqual([
      { itemId: 'reviews:r1', label: 'neg', note: null },
      { itemId: 'reviews:r1', label: 'neg', note: null },
    ]);
    expect(api.items.get('reviews:r1')!.annotations.map((a) => a.label)).toEqual(['neg']);
  });

  it('an item that is complete says so, and S takes the next one', async () => {
    const api = fakeQueue(3, (variables) =>
      variables.itemId === 'reviews:r1'
        ? {
            __typename: 'ItemCompleteError',
            message: "item 'reviews:r1' already has the 1 label it needs (or they are reserved): take the next item",
          }
        : null,
    );
    renderApp('/datasets/reviews/annotate?prefetch=0', api.resolve);
    const user = userEvent.setup();
    await itemHeading('r1');
    await user.keyboard('1{Enter}');
    await waitFor(() =>
      expect(workNotice()).toHaveTextContent(
        "Item 'reviews:r1' already has the 1 label it needs (or they are reserved): take the next item. Skip it to go on.",
      ),
    );
    await user.keyboard('s');
    await itemHeading('r2');
  });

  it('?item= opens that item with my earlier label chosen; Enter updates it, then the queue goes on', async () => {
    const api = fakeQueue();
    const r3 = api.items.get('reviews:r3')!;
    api.items.set(r3.id, { ...r3, status: 'IN_PROGRESS', annotations: [annotationFixture('user', 'pos', 'first try')] });
    renderApp('/datasets/reviews/annotate?prefetch=0&item=reviews%3Ar3', api.resolve);
    const user = userEvent.setup();
    await itemHeading('r3');
    expect(api.sent('Item')).toEqual([{ id: 'reviews:r3' }]);
    expect(api.sent('NextItem')).toEqual([]);
    expect(labelButton('pos')).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByLabelText('Note (optional)')).toHaveValue('first try');
    await user.keyboard('2{Enter}');
    await itemHeading('r1');
    expect(api.sent('AnnotateItem')).toEqual([{ itemId: 'reviews:r3', label: 'neg', note: 'first try' }]);
  });

  it('shows the dataset progress from the live activity', async () => {
    const api = fakeQueue();
    renderApp('/datasets/reviews/annotate?prefetch=0', api.resolve);
    await itemHeading('r1');
    expect(await screen.findByTestId('dataset-progress')).toHaveTextContent(
      'Dataset: 3 of 12 items complete · 3 in progress · 6 unlabelled · 4 labels in the last minute',
    );
    expect(screen.getByRole('progressbar', { name: 'Dataset progress' })).toHaveAttribute('value', '3');
  });

  it('after a label, the counts are read again from the index once it had time to show it', async () => {
    const api = fakeQueue();
    const stats: string[] = [];
    renderApp('/datasets/reviews/annotate?prefetch=0', (name, variables) => {
      if (name !== 'DatasetStats') return api.resolve(name, variables);
      stats.push(name);
      const statuses = [
        { __typename: 'FacetCount', value: 'IN_PROGRESS', count: 4 },
        { __typename: 'FacetCount', value: 'UNLABELED', count: 8 },
      ];
      return { data: { search: { ...STATS_FIXTURE.search, facets: { ...STATS_FIXTURE.search.facets, statuses } } } };
    });
    await itemHeading('r1');
    expect(stats).toEqual([]); // the live snapshot came: no search needed
    await userEvent.setup().keyboard('1{Enter}');
    await itemHeading('r2');
    await waitFor(() => expect(screen.getByTestId('dataset-progress')).toHaveTextContent('4 in progress · 8 unlabelled'), {
      timeout: 3000,
    });
    expect(stats).toEqual(['DatasetStats']);
  });
});

describe('Annotation workspace: queue order and failures', () => {
  it('another queue order replaces the current item with that queue’s next', async () => {
    const api = fakeQueue();
    renderApp('/datasets/reviews/annotate?prefetch=0', api.resolve);
    const user = userEvent.setup();
    await itemHeading('r1');
    await user.selectOptions(screen.getByLabelText('Queue'), 'LEAST_ANNOTATED');
    await waitFor(() => expect(api.sent('NextItem')).toHaveLength(2));
    expect(api.sent('NextItem')[1]).toEqual({ datasetId: 'reviews', strategy: 'LEAST_ANNOTATED', exclude: null });
    await itemHeading('r1');
    expect(screen.getByTestId('trail-position')).toHaveTextContent('Item 1 of 1 in this session');
  });

  it('a queue that cannot be reached: the toast says why, and S asks again', async () => {
    const api = fakeQueue();
    let down = true;
    renderApp('/datasets/reviews/annotate?prefetch=0', (name, variables) =>
      name === 'NextItem' && down ? { networkError: new Error('Failed to fetch') } : api.resolve(name, variables),
    );
    expect(await screen.findByText('The queue did not answer. Skip to ask again.')).toBeInTheDocument();
    expect(await screen.findByText(/Cannot reach the API: Failed to fetch/)).toBeInTheDocument();
    down = false;
    await userEvent.setup().keyboard('s');
    await itemHeading('r1');
  });
});

describe('Annotation workspace: the viewer’s own keys (WCAG 2.1.4)', () => {
  const withKeys = (api: ReturnType<typeof fakeQueue>, keys: ShortcutMap) => (name: string, variables: Variables) =>
    name === 'Viewer' ? { data: { viewer: viewerFixture('USER', { keyboardShortcuts: keys }) } } : api.resolve(name, variables);

  it('remapped: K skips and S does nothing; the buttons and the key list show K; label keys turned off select nothing', async () => {
    const api = fakeQueue();
    renderApp('/datasets/reviews/annotate?prefetch=0', withKeys(api, { ...DEFAULT_SHORTCUTS, skip: 'k', labelHotkeys: false }));
    const user = userEvent.setup();
    await itemHeading('r1');
    await user.keyboard('s1');
    expect(labelButton('pos')).toHaveAttribute('aria-pressed', 'false');
    expect(labelButton('pos')).not.toHaveAttribute('aria-keyshortcuts');
    expect(api.sent('NextItem')).toHaveLength(1);
    const skip = screen.getByRole('button', { name: 'Skip K' });
    expect(skip).toHaveAttribute('aria-keyshortcuts', 'K');
    const keyList = within(screen.getByText('Keys').closest('details')!);
    expect(keyList.getByText('skip this item').previousSibling).toHaveTextContent('K');
    expect(keyList.queryByText(/^choose /)).toBeNull();
    await user.keyboard('k');
    await itemHeading('r2');
    expect(api.sent('NextItem')).toHaveLength(2);
  });

  it('turned off: no key acts, the buttons show no key, and the key list says to use the buttons', async () => {
    const api = fakeQueue();
    renderApp('/datasets/reviews/annotate?prefetch=0', withKeys(api, { ...DEFAULT_SHORTCUTS, enabled: false }));
    const user = userEvent.setup();
    await itemHeading('r1');
    await user.keyboard('1s{ArrowRight}');
    await user.keyboard('{Enter}');
    expect(labelButton('pos')).toHaveAttribute('aria-pressed', 'false');
    expect(api.sent('NextItem')).toHaveLength(1);
    expect(api.sent('AnnotateItem')).toEqual([]);
    expect(screen.getByRole('button', { name: 'Skip' })).not.toHaveAttribute('aria-keyshortcuts');
    expect(screen.getByText('Your workspace keys are turned off: use the buttons.')).toBeInTheDocument();
    await user.click(labelButton('pos'));
    await user.click(screen.getByRole('button', { name: 'Submit' }));
    await itemHeading('r2');
    expect(api.sent('AnnotateItem')).toEqual([{ itemId: 'reviews:r1', label: 'pos', note: null }]);
  });
});
