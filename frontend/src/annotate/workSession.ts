import type { TaskType } from '../graphql/schema.generated';
import type { ItemFieldsFragment } from '../graphql/shared/items.generated';
import { answerOf, sameAnswer, type Answer, type AnswerDraft } from './answers';
import type { Mark } from './spans/offsets';

/**
 * One sitting at a queue (the annotation workspace, or the review queue): the items seen, in order (the
 * "trail", walked with ← and →), which one is shown, the decision being drafted (label and note), what the
 * queue says past the last item, and the decisions of this sitting (the undo stack).
 *
 * A small external store (subscribe / getSnapshot, like the session and toast stores): keyboard handlers read
 * and change it synchronously, so a label key and Enter pressed in quick succession never see a stale state.
 * The API calls are injected (`WorkApi`): the store holds no GraphQL, and the screens hold no queue logic.
 */

export type WorkItem = ItemFieldsFragment;

/** A message for the item shown; `fields` go next to their input (label picker, note). */
export interface Notice {
  tone: 'error' | 'success' | 'info';
  text: string;
  /** By the API's field name: `label`, `note`, `labels`, `labels[1]`, `noneOfThese`, `spans[0]`, `spans[0].label`… */
  fields?: Partial<Record<string, string>>;
}

/** What the queue gave, or why it gave nothing. */
export type QueueAnswer =
  | { kind: 'item'; item: WorkItem }
  | { kind: 'empty'; message: string }
  | { kind: 'failed'; message: string };

/** What a write did: the item as stored now, or why nothing changed (`gone`: there is nothing left to undo). */
export type WriteAnswer = { kind: 'stored'; item: WorkItem } | { kind: 'refused'; notice: Notice; gone?: boolean };

/** The API as a queue sees it. `null` answers: the request failed, and the app's toast already says why. */
export interface WorkApi {
  /** The dataset's task type (what an answer is); SINGLE_LABEL when absent. */
  taskType?: TaskType;
  next(exclude: readonly string[]): Promise<QueueAnswer | null>;
  /** One item by id (a link to a given item); `failed` when it does not exist or is not in this dataset. */
  load(id: string): Promise<QueueAnswer | null>;
  /**
   * Stores the decision. `acceptedSuggestion`: null when no suggestion was offered with the item (`suggestionOf`),
   * true when the label is the offered suggestion left as it was pre-selected, false when another was chosen.
   */
  submit(item: WorkItem, answer: Answer, note: string | null, acceptedSuggestion: boolean | null): Promise<WriteAnswer | null>;
  /** Takes back this viewer's decision on the item; absent where there is no undo (review). */
  undo?: (item: WorkItem) => Promise<WriteAnswer | null>;
  /** This viewer's decision already on the item (their annotation; the gold label in review), if any. */
  decisionOf(item: WorkItem): Draft | null;
  /** The answer to pre-select when the viewer has not decided (the model's suggestion); absent or null: none. */
  suggestionOf?: (item: WorkItem) => AnswerDraft | null;
  /** What the success line says after a decision. */
  describeDecision(item: WorkItem, answer: Answer): string;
}

export interface Draft extends AnswerDraft {
  note: string;
  /** The answer is the model's suggestion, pre-selected and not changed since (Enter accepts it as it is). */
  suggested?: boolean;
  /** SPANS: the text selected in the span editor (UTF-16 indices), which a label key marks. */
  selection?: { start: number; end: number } | null;
}

export interface Entry {
  item: WorkItem;
  skipped: boolean;
}

/** Past the last item of the trail: nothing (the last item is the queue's current one), or the queue's answer. */
export type Frontier =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'empty'; message: string }
  | { kind: 'failed'; message: string };

export interface WorkState {
  trail: readonly Entry[];
  /** Index in `trail` of the item shown; `trail.length` shows the frontier (loading, nothing left…). */
  position: number;
  frontier: Frontier;
  draft: Draft;
  /** A write is under way: keys wait for it. */
  busy: boolean;
  notice: Notice | null;
  /** Items decided in this sitting, latest last: the counter, and what U takes back. */
  decided: readonly string[];
  /** Items skipped in this sitting: the queue passes over them (`nextItem(exclude)`). */
  skipped: readonly string[];
  /** Writes stored in this sitting (decisions and undos): counts that depend on them are due again. */
  writes: number;
}

const NO_DRAFT: Draft = { label: null, note: '' };

export const INITIAL_STATE: WorkState = {
  trail: [],
  position: 0,
  frontier: { kind: 'loading' },
  draft: NO_DRAFT,
  busy: false,
  notice: null,
  decided: [],
  skipped: [],
  writes: 0,
};

/** The entry shown, or null at the frontier. */
export function shownEntry(state: WorkState): Entry | null {
  return state.trail[state.position] ?? null;
}

type Listener = () => void;

export class WorkSession {
  private state: WorkState = INITIAL_STATE;
  private readonly listeners = new Set<Listener>();
  private started = false;
  /** Bumped by every queue request: an answer to an older one (e.g. before a strategy change) is dropped. */
  private queueRequest = 0;

  constructor(private readonly api: WorkApi) {}

  readonly subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): WorkState => this.state;

  /** Opens `itemId` if given (else, or if it cannot be found, the queue's next item). Runs once. */
  start(itemId?: string | null): void {
    if (this.started) return;
    this.started = true;
    if (itemId) void this.open(itemId);
    else void this.fetchNext();
  }

  private get taskType(): TaskType {
    return this.api.taskType ?? 'SINGLE_LABEL';
  }

  /** A label key or click: chooses the label (SINGLE_LABEL), toggles it (MULTI_LABEL), marks the selection (SPANS). */
  select(label: string): void {
    if (this.state.busy || !shownEntry(this.state)) return;
    if (this.taskType === 'MULTI_LABEL') return this.toggle(label);
    if (this.taskType === 'SPANS') return this.mark(label);
    const notice = this.state.notice?.fields?.label ? null : this.state.notice;
    // Choosing the pre-selected suggestion again leaves it accepted as it is; any other label is one's own choice.
    const suggested = this.state.draft.suggested === true && this.state.draft.label === label;
    this.set({ draft: { ...this.state.draft, label, suggested }, notice });
  }

  /** MULTI_LABEL: a label in or out of the set (and "none of these" off). */
  private toggle(label: string): void {
    const labels = this.state.draft.labels ?? [];
    const next = labels.includes(label) ? labels.filter((l) => l !== label) : [...labels, label];
    this.set({ draft: { ...this.state.draft, labels: next, noneOfThese: false, suggested: false }, notice: null });
  }

  /** MULTI_LABEL: "none of these" on (the set emptied) or off. */
  toggleNone(): void {
    if (this.state.busy || !shownEntry(this.state) || this.taskType !== 'MULTI_LABEL') return;
    const none = !this.state.draft.noneOfThese;
    this.set({ draft: { ...this.state.draft, labels: [], noneOfThese: none, suggested: false }, notice: null });
  }

  /** SPANS: what the span editor has selected (a label key marks it). */
  setSelection(selection: { start: number; end: number } | null): void {
    this.set({ draft: { ...this.state.draft, selection } });
  }

  /** SPANS: marks the selection as a span of `label`; the same span again takes the new label; no overlaps. */
  private mark(label: string): void {
    const { selection, spans = [] } = this.state.draft;
    if (!selection || selection.end <= selection.start) {
      this.set({ notice: { tone: 'info', text: 'Select some text first (arrows, Shift+arrows, or the mouse), then press a label key.' } });
      return;
    }
    const same = spans.findIndex((s) => s.start === selection.start && s.end === selection.end);
    const clash = spans.find((s, i) => i !== same && s.start < selection.end && selection.start < s.end);
    if (clash) {
      const text = shownEntry(this.state)?.item.text ?? '';
      const what = `“${text.slice(clash.start, clash.end)}” (${clash.label})`;
      this.set({ notice: { tone: 'error', text: `Spans may not overlap: this selection overlaps ${what}. Remove that span first (Tab to it, then Delete).` } });
      return;
    }
    const mark: Mark = { start: selection.start, end: selection.end, label };
    const next = same >= 0 ? spans.map((s, i) => (i === same ? mark : s)) : [...spans, mark].sort((a, b) => a.start - b.start);
    this.set({ draft: { ...this.state.draft, spans: next, suggested: false }, notice: null });
  }

  /** Review: starts the draft from a stored answer (an annotator's set or spans), to send as it is or to edit. */
  adopt(answer: AnswerDraft): void {
    if (this.state.busy || !shownEntry(this.state)) return;
    const { label, labels, noneOfThese, spans } = answer;
    this.set({ draft: { ...this.state.draft, label, labels, noneOfThese, spans, suggested: false }, notice: null });
  }

  /** SPANS: removes a span (Delete on the focused span). */
  removeSpan(index: number): void {
    const spans = this.state.draft.spans ?? [];
    if (this.state.busy || index < 0 || index >= spans.length) return;
    this.set({ draft: { ...this.state.draft, spans: spans.filter((_, i) => i !== index), suggested: false }, notice: null });
  }

  setNote(note: string): void {
    this.set({ draft: { ...this.state.draft, note } });
  }

  /** Enter: stores the drafted decision on the item shown, then moves on. */
  async submit(): Promise<void> {
    const entry = shownEntry(this.state);
    if (this.state.busy || !entry) return;
    const { draft } = this.state;
    const given = answerOf(this.taskType, draft, null);
    if ('problem' in given) {
      this.set({ notice: { tone: 'error', text: given.problem, fields: { [given.field]: given.problem } } });
      return;
    }
    this.set({ busy: true, notice: null });
    const offered = this.api.suggestionOf?.(entry.item) ?? null;
    // True only when the suggestion is sent as it was offered (for one label: pre-selected and never changed).
    const unchanged = this.taskType === 'SINGLE_LABEL' ? draft.suggested === true : true;
    const accepted = offered === null ? null : unchanged && sameAnswer(this.taskType, draft, offered);
    const answer = await this.api.submit(entry.item, given, draft.note.trim() || null, accepted);
    if (answer?.kind !== 'stored') {
      this.set({ busy: false, notice: answer?.notice ?? null });
      return;
    }
    const id = answer.item.id;
    this.replaceItem(answer.item, { skipped: false });
    this.set({
      busy: false,
      writes: this.state.writes + 1,
      decided: [...this.state.decided.filter((d) => d !== id), id],
      skipped: this.state.skipped.filter((s) => s !== id),
    });
    this.advance({ tone: 'success', text: this.api.describeDecision(answer.item, given) });
  }

  /** S: passes over the item shown (the queue will not offer it again in this sitting); at the end, asks again. */
  skip(): void {
    if (this.state.busy) return;
    const entry = shownEntry(this.state);
    if (!entry) {
      if (this.state.frontier.kind !== 'loading') void this.fetchNext(true);
      return;
    }
    if (this.api.decisionOf(entry.item) === null) {
      const id = entry.item.id;
      this.replaceItem(entry.item, { skipped: true });
      this.set({ skipped: this.state.skipped.includes(id) ? this.state.skipped : [...this.state.skipped, id] });
    }
    this.advance(null);
  }

  /** U: takes back the latest decision of this sitting and shows that item again, to decide anew. */
  async undo(): Promise<void> {
    const undo = this.api.undo;
    const id = this.state.decided.at(-1);
    const index = this.state.trail.findIndex((e) => e.item.id === id);
    if (!undo || this.state.busy) return;
    if (id === undefined || index < 0) {
      this.set({ notice: { tone: 'info', text: 'Nothing to undo in this session.' } });
      return;
    }
    this.set({ busy: true, notice: null });
    const answer = await undo(this.state.trail[index]!.item);
    if (answer?.kind !== 'stored') {
      const decided = answer?.gone ? this.state.decided.filter((d) => d !== id) : this.state.decided;
      this.set({ busy: false, decided, notice: answer?.notice ?? null });
      return;
    }
    this.replaceItem(answer.item, { skipped: false });
    const at = this.state.trail.findIndex((e) => e.item.id === id);
    this.set({
      busy: false,
      writes: this.state.writes + 1,
      decided: this.state.decided.filter((d) => d !== id),
      position: at,
      draft: this.firstDraft(answer.item),
      notice: { tone: 'info', text: `Undone: item ${answer.item.externalId} has no label from you now. Choose one again.` },
    });
  }

  /** ←: the previous item of this sitting. */
  back(): void {
    if (this.state.busy || this.state.position === 0) return;
    this.moveTo(this.state.position - 1, null);
  }

  /** →: the next item of this sitting (or the queue's answer past the last one). */
  forward(): void {
    const last = this.state.frontier.kind === 'idle' ? this.state.trail.length - 1 : this.state.trail.length;
    if (this.state.busy || this.state.position >= last) return;
    this.moveTo(this.state.position + 1, null);
  }

  /** A new queue order: the current queue item (not yet decided, not skipped) makes way for the new queue's. */
  requeue(): void {
    if (this.state.busy) return;
    const last = this.state.trail.at(-1);
    if (this.state.frontier.kind === 'idle') {
      if (!last || last.skipped || this.api.decisionOf(last.item) !== null) return;
      const trail = this.state.trail.slice(0, -1);
      const position = Math.min(this.state.position, trail.length);
      this.set({ trail, position, ...(position === trail.length ? { draft: NO_DRAFT } : {}) });
    }
    void this.fetchNext(true);
  }

  private advance(notice: Notice | null): void {
    const next = this.state.position + 1;
    if (next < this.state.trail.length) {
      this.moveTo(next, notice);
    } else {
      this.set({ position: this.state.trail.length, draft: NO_DRAFT, notice });
      if (this.state.frontier.kind !== 'loading') void this.fetchNext();
    }
  }

  private moveTo(position: number, notice: Notice | null): void {
    const entry = this.state.trail[position];
    this.set({ position, notice, draft: entry ? this.firstDraft(entry.item) : NO_DRAFT });
  }

  /** What an item shows first: the viewer's own decision, else the suggestion pre-selected, else nothing. */
  private firstDraft(item: WorkItem): Draft {
    const decided = this.api.decisionOf(item);
    if (decided) return decided;
    const suggestion = this.api.suggestionOf?.(item) ?? null;
    return suggestion === null ? NO_DRAFT : { ...suggestion, note: '', suggested: true };
  }

  private async open(itemId: string): Promise<void> {
    const request = ++this.queueRequest;
    const answer = await this.api.load(itemId);
    if (request !== this.queueRequest) return;
    if (answer?.kind === 'item') {
      this.arrive(answer.item);
      return;
    }
    const why = answer?.kind === 'failed' ? answer.message : `Cannot open item ${itemId}.`;
    this.set({ notice: { tone: 'info', text: `${why} Here is the next item of the queue instead.` } });
    await this.fetchNext();
  }

  private async fetchNext(clearNotice = false): Promise<void> {
    const request = ++this.queueRequest;
    this.set({ frontier: { kind: 'loading' }, ...(clearNotice ? { notice: null } : {}) });
    const answer = await this.api.next(this.state.skipped);
    if (request !== this.queueRequest) return;
    if (answer === null) {
      this.set({ frontier: { kind: 'failed', message: 'The queue did not answer. Skip to ask again.' } });
    } else if (answer.kind === 'item') {
      this.arrive(answer.item);
    } else {
      this.set({ frontier: answer });
    }
  }

  /** A new current item at the end of the trail (moved there if it was seen before in this sitting). */
  private arrive(item: WorkItem): void {
    const waiting = this.state.position >= this.state.trail.length;
    const shownId = shownEntry(this.state)?.item.id;
    const trail = [...this.state.trail.filter((e) => e.item.id !== item.id), { item, skipped: false }];
    const position = waiting || shownId === item.id ? trail.length - 1 : trail.findIndex((e) => e.item.id === shownId);
    const draft = waiting || shownId === item.id ? this.firstDraft(item) : this.state.draft;
    this.set({ trail, position, draft, frontier: { kind: 'idle' } });
  }

  private replaceItem(item: WorkItem, change: Partial<Entry>): void {
    const trail = this.state.trail.map((e) => (e.item.id === item.id ? { ...e, ...change, item } : e));
    this.set({ trail });
  }

  private set(change: Partial<WorkState>): void {
    this.state = { ...this.state, ...change };
    this.listeners.forEach((listener) => listener());
  }
}
