import type { QueueAnswer, WorkItem } from './workState';

/** How many queue items the annotation workspace keeps reserved and loaded ahead of the one shown. */
export const PREFETCH_AHEAD = 1;

/**
 * An item loaded ahead is used only while younger than this: the queue reserves an item for 120 s, so one held
 * longer is asked for again (the queue then extends the reservation, or gives another item).
 */
export const AHEAD_MAX_AGE_MS = 90_000;

interface Held {
  item: WorkItem;
  at: number;
}

/**
 * The queue's next items, asked for (and so reserved for the viewer) before they are needed: while the annotator
 * reads one item, the next is already loaded, and Enter shows it without waiting for the network. One request at
 * a time; `drop` forgets what is held and ignores the answer under way (a new queue order).
 */
export class QueueAhead {
  private held: Held[] = [];
  private pending: Promise<void> | null = null;
  private epoch = 0;

  constructor(
    private readonly count: number,
    private readonly next: (exclude: readonly string[]) => Promise<QueueAnswer | null>,
    private readonly now: () => number = Date.now,
  ) {}

  /** The ids held ahead (the queue must pass over them when asked for the item to show). */
  ids(): string[] {
    return this.held.map((h) => h.item.id);
  }

  /**
   * Asks the queue for items until `count` are held, passing over `exclude()` (read at each request) and those
   * held; `usable(id)` false: the answer is not kept (an item shown or decided since the request left).
   */
  fill(exclude: () => readonly string[], usable: (id: string) => boolean): void {
    if (this.pending || this.held.length >= this.count) return;
    const epoch = this.epoch;
    this.pending = (async () => {
      // A request that throws counts as a failed one: nothing held, and the next fill may ask again.
      const answer = await this.next([...new Set([...exclude(), ...this.ids()])]).catch(() => null);
      if (epoch !== this.epoch) return;
      this.pending = null;
      // Empty or failed: nothing is held, and the next item is asked for when it is needed.
      if (answer?.kind !== 'item' || !usable(answer.item.id) || this.ids().includes(answer.item.id)) return;
      this.held.push({ item: answer.item, at: this.now() });
      this.fill(exclude, usable);
    })();
  }

  /** The request under way, if any (to wait for rather than ask the queue twice). */
  settled(): Promise<void> | null {
    return this.pending;
  }

  /** The oldest item held that is still fresh (older ones are forgotten: their reservation is about to end). */
  take(): WorkItem | null {
    const now = this.now();
    this.held = this.held.filter((h) => now - h.at < AHEAD_MAX_AGE_MS);
    return this.held.shift()?.item ?? null;
  }

  drop(): void {
    this.epoch++;
    this.pending = null;
    this.held = [];
  }
}
