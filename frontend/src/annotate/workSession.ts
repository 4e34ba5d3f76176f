import { answerOf, sameAnswer, type Answer, type AnswerDraft } from './answers';
import type { Mark } from './spans/offsets';
import { QueueAhead } from './queueAhead';
import type { TaskType } from '../graphql/schema.generated';
import { INITIAL_STATE, NO_DRAFT, shownEntry, type Draft, type Entry, type Notice, type WorkApi, type WorkItem, type WorkState } from './workState';

/**
 * One sitting at a queue (the annotation workspace, or the review queue): the items seen, in order (the
 * "trail", walked with ← and →), which one is shown, the decision being drafted (label and note), what the
 * queue says past the last item, and the decisions of this sitting (the undo stack).
 *
 * A small external store (subscribe / getSnapshot, like the session and toast stores): keyboard handlers read
 * and change it synchronously, so a label key and Enter pressed in quick succession never see a stale state.
 * The API calls are injected (`WorkApi`): the store holds no GraphQL, and the screens hold no queue logic.
 */

export * from './workState';
type Listener = () => void;

export class WorkSession {
  private state: WorkState = INITIAL_STATE;
  private readonly listeners = new Set<Listener>();
  private started = false;
  /** Bumped by every queue request: an answer to an older one (e.g. before a strategy change) is dropped. */
  private queueRequest = 0;
  /** The queue's next items, reserved and loaded before they are needed (none when `api.ahead` is 0). */
  private readonly ahead: QueueAhead;
  /** Decisions being stored in the background, by item id. */
  private readonly saves = new Map<string, Promise<void>>();
  /** Set while the screen is gone (left): a background write refused then is told here (the toast) instead. */
  private away: ((text: string) => void) | null = null;

  constructor(private readonly api: WorkApi) {
    this.ahead = new QueueAhead(api.ahead ?? 0, (exclude) => api.next(exclude), api.now);
  }

  private get background(): boolean {
    return (this.api.ahead ?? 0) > 0;
  }

  readonly subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): WorkState => this.state;

  /** The screen is gone (`report`: where a background write refused from now on is told), or back (null). */
  setAway(report: ((text: string) => void) | null): void {
    this.away = report;
  }

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
    const offered = this.api.suggestionOf?.(entry.item) ?? null;
    // True only when the suggestion is sent as it was offered (for one label: pre-selected and never changed).
    const unchanged = this.taskType === 'SINGLE_LABEL' ? draft.suggested === true : true;
    const accepted = offered === null ? null : unchanged && sameAnswer(this.taskType, draft, offered);
    if (this.background) {
      if (entry.saving) {
        this.set({ notice: { tone: 'info', text: `Item ${entry.item.externalId} is still being saved: submit it again in a moment.` } });
        return;
      }
      const id = entry.item.id;
      this.updateEntry(id, { saving: true, unsaved: draft, failed: undefined });
      this.set({ decided: [...this.state.decided.filter((d) => d !== id), id], skipped: this.state.skipped.filter((s) => s !== id) });
      const save = this.save(entry.item, given, draft.note.trim() || null, accepted);
      this.saves.set(id, save);
      this.advance(null);
      return;
    }
    this.set({ busy: true, notice: null });
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

  /** Stores a decision in the background: once stored, the item is updated; refused, it is kept and the user told. */
  private async save(item: WorkItem, given: Answer, note: string | null, accepted: boolean | null): Promise<void> {
    const answer = await this.api.submit(item, given, note, accepted);
    this.saves.delete(item.id);
    if (answer?.kind === 'stored') {
      this.replaceItem(answer.item, { skipped: false, saving: false, unsaved: undefined, failed: undefined });
      const quiet = this.state.notice === null || this.state.notice.tone === 'success';
      const text = this.api.describeDecision(answer.item, given);
      this.set({ writes: this.state.writes + 1, ...(quiet ? { notice: { tone: 'success', text } } : {}) });
      return;
    }
    // Refused, or the request failed (the toast says why): the decision stays on the item, to send again.
    const why = answer?.notice.text || (answer ? 'the label was refused.' : 'the request failed.');
    const failed: Notice = answer?.notice ?? { tone: 'error', text: 'The label was not saved: the request failed. Submit it again.' };
    this.updateEntry(item.id, { saving: false, failed });
    if (this.away) {
      this.away(`Item ${item.externalId} was not saved: ${why} Open it again from the search to label it.`);
      return;
    }
    const text = `Item ${item.externalId} was not saved: ${why} Your label is kept: go back to it to submit it again.`;
    const shown = shownEntry(this.state)?.item.id === item.id;
    this.set({
      decided: this.state.decided.filter((d) => d !== item.id),
      notice: shown ? failed : { tone: 'error', text, itemId: item.id },
    });
  }

  /** Shows an item of the trail (the one a notice is about). */
  show(itemId: string): void {
    const position = this.state.trail.findIndex((e) => e.item.id === itemId);
    if (this.state.busy || position < 0) return;
    this.moveTo(position, null);
  }

  /** S: passes over the item shown (the queue will not offer it again in this sitting); at the end, asks again. */
  skip(): void {
    if (this.state.busy) return;
    const entry = shownEntry(this.state);
    if (!entry) {
      if (this.state.frontier.kind !== 'loading') void this.fetchNext(true);
      return;
    }
    if (this.api.decisionOf(entry.item) === null && !entry.unsaved) {
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
    await this.saves.get(id); // a decision still being stored is taken back once it is
    if (!this.state.decided.includes(id)) {
      this.set({ busy: false });
      return; // it was refused: the notice says so, and there is nothing to take back
    }
    const answer = await undo(this.state.trail.find((e) => e.item.id === id)!.item);
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
    this.ahead.drop();
    if (this.state.frontier.kind === 'idle') {
      if (!last || last.skipped || last.unsaved || this.api.decisionOf(last.item) !== null) return;
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
      const ready = this.state.frontier.kind === 'idle' ? this.ahead.take() : null;
      if (ready) {
        this.arrive(ready);
        this.fillAhead();
      } else if (this.state.frontier.kind !== 'loading') {
        void this.fetchNext();
      }
    }
  }

  private moveTo(position: number, notice: Notice | null): void {
    const entry = this.state.trail[position];
    const draft = !entry ? NO_DRAFT : (entry.unsaved ?? this.firstDraft(entry.item));
    this.set({ position, notice: entry?.failed ?? notice, draft });
  }

  /** What the queue must pass over: the skipped items, those whose decision is not stored yet, the queue's current. */
  private excluded(): string[] {
    const { trail, frontier, skipped } = this.state;
    if (!this.background) return [...skipped];
    const unsaved = trail.filter((e) => e.unsaved).map((e) => e.item.id);
    const current = frontier.kind === 'idle' && trail.length > 0 ? [trail.at(-1)!.item.id] : [];
    return [...new Set([...skipped, ...unsaved, ...current])];
  }

  /** Asks the queue for the items after the current one, now, while the annotator reads. */
  private fillAhead(): void {
    if (!this.background || this.state.frontier.kind !== 'idle') return;
    this.ahead.fill(
      () => this.excluded(),
      (id) => !this.state.trail.some((e) => e.item.id === id && (e.unsaved || this.api.decisionOf(e.item) !== null)),
    );
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
      this.fillAhead();
      return;
    }
    const why = answer?.kind === 'failed' ? answer.message : `Cannot open item ${itemId}.`;
    this.set({ notice: { tone: 'info', text: `${why} Here is the next item of the queue instead.` } });
    await this.fetchNext();
  }

  private async fetchNext(clearNotice = false): Promise<void> {
    const request = ++this.queueRequest;
    this.set({ frontier: { kind: 'loading' }, ...(clearNotice ? { notice: null } : {}) });
    const under = this.ahead.settled();
    if (under) {
      // An item is being loaded ahead: wait for it rather than ask the queue twice.
      await under;
      if (request !== this.queueRequest) return;
      const ready = this.ahead.take();
      if (ready) {
        this.arrive(ready);
        this.fillAhead();
        return;
      }
    }
    const answer = await this.api.next([...new Set([...this.excluded(), ...this.ahead.ids()])]);
    if (request !== this.queueRequest) return;
    if (answer === null) {
      this.set({ frontier: { kind: 'failed', message: 'The queue did not answer. Skip to ask again.' } });
    } else if (answer.kind === 'item') {
      this.arrive(answer.item);
      this.fillAhead();
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

  private updateEntry(id: string, change: Partial<Entry>): void {
    this.set({ trail: this.state.trail.map((e) => (e.item.id === id ? { ...e, ...change } : e)) });
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
