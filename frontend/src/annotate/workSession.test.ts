import { describe, expect, it } from 'vitest';
import { annotationFixture, workItemFixture } from '../test/annotateFixtures';
import { AHEAD_MAX_AGE_MS } from './queueAhead';
import { shownEntry, WorkSession, type QueueAnswer, type WorkApi, type WorkItem, type WriteAnswer } from './workSession';

/** A promise resolved from outside: the test decides when the "network" answers. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * A queue over items r1…rN like the API's: `next` gives the first item not excluded and not labelled by the user
 * (answered at once, or held when `holdNext`); `submit` answers when the test releases it.
 */
function fakeApi(count = 5, ahead = 1) {
  const items = Array.from({ length: count }, (_, i) => workItemFixture(`r${i + 1}`) as WorkItem);
  const labelled = new Set<string>();
  const nextCalls: string[][] = [];
  const writes: { id: string; label: string | null; answer: ReturnType<typeof deferred<WriteAnswer | null>> }[] = [];
  const held: ReturnType<typeof deferred<void>>[] = [];
  let clock = 0;
  const state = { holdNext: false };
  const api: WorkApi = {
    ahead,
    now: () => clock,
    async next(exclude) {
      nextCalls.push([...exclude]);
      if (state.holdNext) {
        const gate = deferred<void>();
        held.push(gate);
        await gate.promise;
      }
      const item = items.find((i) => !exclude.includes(i.id) && !labelled.has(i.id));
      return item ? ({ kind: 'item', item } satisfies QueueAnswer) : { kind: 'empty', message: 'Nothing left.' };
    },
    load: async () => null,
    submit(item, answer) {
      const d = deferred<WriteAnswer | null>();
      writes.push({ id: item.id, label: 'label' in answer ? answer.label : null, answer: d });
      return d.promise;
    },
    async undo(item) {
      labelled.delete(item.id);
      return { kind: 'stored', item };
    },
    decisionOf: (item) => {
      const mine = item.annotations.find((a) => a.annotator === 'user');
      return mine ? { label: mine.label ?? null, note: '' } : null;
    },
    describeDecision: (item) => `Labelled ${item.externalId}.`,
  };
  /** The API stores write `i` (the item with the user's label). */
  const store = (i: number) => {
    const write = writes[i]!;
    labelled.add(write.id);
    const item = items.find((it) => it.id === write.id)!;
    write.answer.resolve({ kind: 'stored', item: { ...item, annotations: [annotationFixture('user', write.label ?? 'pos', null)] } });
  };
  const advanceClock = (ms: number) => (clock += ms);
  return { api, nextCalls, writes, store, held, state, advanceClock };
}

const shown = (session: WorkSession) => shownEntry(session.getSnapshot())?.item.externalId ?? null;

async function started(fake: ReturnType<typeof fakeApi>) {
  const session = new WorkSession(fake.api);
  session.start();
  await flush();
  return session;
}

describe('WorkSession with an item loaded ahead', () => {
  it('test_next_item_is_reserved_while_the_first_is_read', async () => {
    // given / when
    const fake = fakeApi();
    const session = await started(fake);

    // then: r1 shown, r2 asked for (passing over r1) before any key
    expect(shown(session)).toBe('r1');
    expect(fake.nextCalls).toEqual([[], ['reviews:r1']]);
  });

  it('test_enter_shows_the_next_item_at_once_and_stores_the_label_in_the_background', async () => {
    // given
    const fake = fakeApi();
    const session = await started(fake);
    session.select('pos');

    // when
    void session.submit();

    // then: r2 is shown before the write answered, with no new request for it; then r3 is asked for
    expect(shown(session)).toBe('r2');
    expect(session.getSnapshot().busy).toBe(false);
    expect(fake.writes.map((w) => [w.id, w.label])).toEqual([['reviews:r1', 'pos']]);
    expect(fake.nextCalls).toEqual([[], ['reviews:r1'], ['reviews:r1', 'reviews:r2']]);
    expect(session.getSnapshot().decided).toEqual(['reviews:r1']);

    // when the write is stored
    fake.store(0);
    await flush();

    // then
    expect(session.getSnapshot().trail[0]!.saving).toBe(false);
    expect(session.getSnapshot().writes).toBe(1);
    expect(session.getSnapshot().notice).toEqual({ tone: 'success', text: 'Labelled r1.' });
  });

  it('test_a_refused_background_write_is_told_and_the_label_is_kept_to_send_again', async () => {
    // given
    const fake = fakeApi();
    const session = await started(fake);
    session.select('neg');
    void session.submit();
    expect(shown(session)).toBe('r2');

    // when the API refuses the write of r1
    fake.writes[0]!.answer.resolve({ kind: 'refused', notice: { tone: 'error', text: 'Somebody changed it. Submit it again.' } });
    await flush();

    // then: the notice says so and offers r1; r1 is no longer counted as decided
    const notice = session.getSnapshot().notice!;
    expect(notice.tone).toBe('error');
    expect(notice.text).toBe('Item r1 was not saved: Somebody changed it. Submit it again. Your label is kept: go back to it to submit it again.');
    expect(notice.itemId).toBe('reviews:r1');
    expect(session.getSnapshot().decided).toEqual([]);

    // when the user goes back to it and submits again
    session.show('reviews:r1');
    expect(shown(session)).toBe('r1');
    expect(session.getSnapshot().draft.label).toBe('neg');
    expect(session.getSnapshot().notice?.text).toBe('Somebody changed it. Submit it again.');
    void session.submit();
    fake.store(1);
    await flush();

    // then: sent again with the same label, stored, and the workspace is back on the queue's item
    expect(fake.writes.map((w) => [w.id, w.label])).toEqual([
      ['reviews:r1', 'neg'],
      ['reviews:r1', 'neg'],
    ]);
    expect(shown(session)).toBe('r2');
    expect(session.getSnapshot().decided).toEqual(['reviews:r1']);
  });

  it('test_a_write_refused_after_the_page_is_left_is_told_where_the_app_says_it', async () => {
    // given: a label being stored, and the page left
    const fake = fakeApi();
    const session = await started(fake);
    session.select('pos');
    void session.submit();
    const told: string[] = [];
    session.setAway((text) => told.push(text));

    // when
    fake.writes[0]!.answer.resolve(null);
    await flush();

    // then
    expect(told).toEqual(['Item r1 was not saved: the request failed. Open it again from the search to label it.']);
  });

  it('test_skip_takes_the_item_loaded_ahead_and_the_queue_passes_over_the_skipped', async () => {
    // given
    const fake = fakeApi();
    const session = await started(fake);

    // when
    session.skip();
    await flush();

    // then
    expect(shown(session)).toBe('r2');
    expect(fake.nextCalls).toEqual([[], ['reviews:r1'], ['reviews:r1', 'reviews:r2']]);
    expect(session.getSnapshot().skipped).toEqual(['reviews:r1']);
  });

  it('test_enter_while_the_item_ahead_is_still_loading_waits_for_that_request_only', async () => {
    // given: r2 is being asked for
    const fake = fakeApi();
    fake.state.holdNext = true;
    const session = new WorkSession(fake.api);
    session.start();
    fake.held[0]!.resolve();
    await flush();
    expect(shown(session)).toBe('r1');
    expect(fake.nextCalls).toHaveLength(2);

    // when
    session.select('pos');
    void session.submit();

    // then: the frontier waits for the request under way, not a new one
    expect(session.getSnapshot().frontier).toEqual({ kind: 'loading' });
    expect(fake.nextCalls).toHaveLength(2);
    fake.held[1]!.resolve();
    await flush();
    expect(shown(session)).toBe('r2');
    expect(fake.nextCalls[2]).toEqual(['reviews:r1', 'reviews:r2']);
  });

  it('test_an_item_held_ahead_too_long_is_asked_for_again', async () => {
    // given
    const fake = fakeApi();
    const session = await started(fake);

    // when the annotator reads r1 past the age limit, then submits
    fake.advanceClock(AHEAD_MAX_AGE_MS);
    session.select('pos');
    void session.submit();

    // then: the queue is asked again (the reservation of r2 is renewed by asking), and r2 comes from that answer
    expect(session.getSnapshot().frontier).toEqual({ kind: 'loading' });
    await flush();
    expect(shown(session)).toBe('r2');
    expect(fake.nextCalls.slice(0, 3)).toEqual([[], ['reviews:r1'], ['reviews:r1']]);
  });

  it('test_an_empty_queue_ahead_is_asked_again_when_needed', async () => {
    // given: one item
    const fake = fakeApi(1);
    const session = await started(fake);
    expect(fake.nextCalls).toEqual([[], ['reviews:r1']]);

    // when
    session.select('pos');
    void session.submit();
    fake.store(0);
    await flush();

    // then
    expect(fake.nextCalls).toEqual([[], ['reviews:r1'], ['reviews:r1']]);
    expect(session.getSnapshot().frontier).toEqual({ kind: 'empty', message: 'Nothing left.' });
  });

  it('test_undo_waits_for_the_write_under_way_then_takes_it_back', async () => {
    // given
    const fake = fakeApi();
    const session = await started(fake);
    session.select('pos');
    void session.submit();

    // when
    const undone = session.undo();
    expect(session.getSnapshot().busy).toBe(true);
    fake.store(0);
    await undone;

    // then
    expect(shown(session)).toBe('r1');
    expect(session.getSnapshot().decided).toEqual([]);
    expect(session.getSnapshot().busy).toBe(false);
  });

  it('test_a_new_queue_order_drops_the_item_loaded_ahead', async () => {
    // given
    const fake = fakeApi();
    const session = await started(fake);

    // when
    session.requeue();
    await flush();

    // then: the current item makes way; the queue is asked anew, then the next is loaded ahead again
    expect(shown(session)).toBe('r1');
    expect(fake.nextCalls).toEqual([[], ['reviews:r1'], [], ['reviews:r1']]);
  });
});

describe('WorkSession without items ahead', () => {
  it('test_enter_waits_for_the_write_then_asks_the_queue', async () => {
    // given
    const fake = fakeApi(5, 0);
    const session = await started(fake);
    expect(fake.nextCalls).toEqual([[]]);
    session.select('pos');

    // when
    const submitted = session.submit();

    // then
    expect(session.getSnapshot().busy).toBe(true);
    expect(shown(session)).toBe('r1');
    fake.store(0);
    await submitted;
    await flush();
    expect(shown(session)).toBe('r2');
    expect(fake.nextCalls).toEqual([[], []]);
  });
});
