import { useEffect, useRef, useState, type RefObject } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useClient } from 'urql';
import { useTitle } from '../app/useTitle';
import { ARCHIVED_REASON, datasetPath, useDatasetContext } from '../datasets/datasetContext';
import type { DatasetFieldsFragment } from '../graphql/shared/items.generated';
import type { QueueStrategy, TaskType } from '../graphql/schema.generated';
import { noneOfTheseKey, type ShortcutMap } from './keyMap';
import { StatusBadge } from '../search/itemStatus';
import { SelectField } from '../ui/Field';
import { GatedButton } from '../viewer/Gated';
import { useViewer } from '../viewer/ViewerContext';
import { annotateApi } from './annotateApi';
import { PREFETCH_AHEAD } from './queueAhead';
import { Instructions } from './Instructions';
import { ItemContent } from './ItemContent';
import { KeyHelp } from './KeyHelp';
import { KeyHint, keyShortcutProps, useShortcutMap } from './KeyHint';
import { AnswerPicker, spanErrorsOf } from './AnswerPicker';
import { AnswerView } from './AnswerView';
import { SpanEditor } from './spans/SpanEditor';
import type { WorkSession, WorkState } from './workSession';
import { NoteField } from './NoteField';
import { SessionProgress } from './SessionProgress';
import { SuggestionHint } from './SuggestionHint';
import { useQueueKeys } from './useQueueKeys';
import { useWorkSession } from './useWorkSession';
import { shownEntry, type Entry } from './workSession';
import { FrontierView, NoticeLine, TrailPosition } from './WorkStatus';

const SUBMIT_HELP: Record<TaskType, string> = {
  SINGLE_LABEL: 'submit the label (a pre-selected model suggestion: accept it), then the next item',
  MULTI_LABEL: 'submit the labels chosen (a pre-selected model suggestion: accept it), then the next item',
  SPANS: 'submit the spans (dashed model suggestions: accept them all), then the next item',
};

/** The key list's rows of the task type: what label keys do, "None of these", the span editor's keys. */
export function taskKeyHelp(dataset: DatasetFieldsFragment, keys: ShortcutMap) {
  if (dataset.taskType === 'MULTI_LABEL') {
    const none = noneOfTheseKey(keys, dataset.labels);
    return { labelVerb: 'toggle', extra: none ? [{ keys: [none], what: 'none of these labels applies' }] : [] };
  }
  if (dataset.taskType === 'SPANS') {
    return {
      labelVerb: 'mark the selection as',
      extra: [
        { keys: ['ArrowLeft', 'ArrowRight'], what: 'in the text: move word by word (with Shift: extend the selection)' },
        { keys: ['Tab', 'Delete'], what: 'in the text: walk the spans; remove the one focused' },
      ],
    };
  }
  return {};
}

/** The queues an annotator can choose (REVIEW is the review page's). */
export const ANNOTATION_STRATEGIES: readonly { value: QueueStrategy; label: string }[] = [
  { value: 'UNLABELED_FIRST', label: 'Unlabelled first' },
  { value: 'LEAST_ANNOTATED', label: 'Fewest labels first' },
  { value: 'UNCERTAINTY', label: 'Model least sure first' },
];

/** The annotation workspace: `/datasets/:id/annotate`, or `?item=<id>` to start at one item. */
export function AnnotatePage() {
  const { dataset } = useDatasetContext();
  const [params] = useSearchParams();
  const itemId = params.get('item');
  // `?prefetch=0`: no item loaded ahead, each decision awaited (to compare the two: bench and e2e measurement).
  const ahead = params.get('prefetch') === '0' ? 0 : PREFETCH_AHEAD;
  useTitle(`Annotate · ${dataset.name}`);
  // A new dataset or a new starting item is a new session.
  return <AnnotateWorkspace key={`${dataset.id}\n${itemId ?? ''}\n${ahead}`} dataset={dataset} itemId={itemId} ahead={ahead} />;
}

function AnnotateWorkspace({ dataset, itemId, ahead }: { dataset: DatasetFieldsFragment; itemId: string | null; ahead: number }) {
  const client = useClient();
  const { username } = useViewer().user;
  const [strategy, setStrategy] = useState<QueueStrategy>('UNLABELED_FIRST');
  const strategyRef = useRef(strategy);
  const [session, state] = useWorkSession(
    () =>
      annotateApi(client, {
        datasetId: dataset.id,
        username,
        strategy: () => strategyRef.current,
        blind: dataset.settings.blind,
        taskType: dataset.taskType,
        ahead,
      }),
    itemId,
  );
  const note = useRef<HTMLTextAreaElement>(null);
  const itemRegion = useRef<HTMLElement>(null);
  const keys = useShortcutMap();
  useQueueKeys(session, dataset.labels, note, keys, dataset.taskType === 'MULTI_LABEL');
  const spanText = useRef<HTMLDivElement>(null);

  const entry = shownEntry(state);
  const shownId = entry?.item.id ?? null;
  useEffect(() => {
    // Each new item takes the focus: screen readers read it, and the keys act on it.
    // SPANS: the text takes it, so that the arrows move the caret at once.
    (spanText.current ?? itemRegion.current)?.focus({ preventScroll: true });
  }, [shownId, state.position]);

  const canWrite = { enabled: !dataset.archived, reason: dataset.archived ? ARCHIVED_REASON : null };
  return (
    <div className="workspace">
      <div className="work-toolbar">
        <SelectField
          label="Queue"
          value={strategy}
          onChange={(event) => {
            const next = event.target.value as QueueStrategy;
            strategyRef.current = next;
            setStrategy(next);
            session.requeue();
          }}
        >
          {ANNOTATION_STRATEGIES.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </SelectField>
        <SessionProgress dataset={dataset} decided={state.decided.length} writes={state.writes} mode="annotate" />
      </div>
      {dataset.archived && <p className="notice">This dataset is archived: its labels cannot change until it is restored.</p>}
      <Instructions text={dataset.instructions} />
      <div className="work-layout">
        <section
          ref={itemRegion}
          tabIndex={-1}
          className="card work-item"
          aria-labelledby="work-item-title"
          aria-busy={state.busy || state.frontier.kind === 'loading'}
          data-item-id={shownId ?? ''}
        >
          {entry ? (
            <ItemToLabel entry={entry} dataset={dataset} username={username} session={session} state={state} spanText={spanText} />
          ) : (
            <FrontierView frontier={state.frontier} emptyTitle="Nothing left to label">
              <p>
                <Link to={datasetPath(dataset.id, '/search')}>Search the dataset</Link> ·{' '}
                <Link to={datasetPath(dataset.id, '/agreement')}>See the agreement</Link>
              </p>
            </FrontierView>
          )}
        </section>
        <section className="card work-controls" aria-label="Your label">
          {entry && state.draft.suggested && <SuggestionHint item={entry.item} keys={keys} taskType={dataset.taskType} />}
          <AnswerPicker legend="Label" dataset={dataset} state={state} session={session} keys={keys} disabled={!entry || state.busy} />
          {entry && (
            <NoteField
              label="Note (optional)"
              value={state.draft.note}
              onChange={(value) => session.setNote(value)}
              onLeave={() => (spanText.current ?? itemRegion.current)?.focus({ preventScroll: true })}
              error={state.notice?.fields?.note}
              fieldRef={note}
            />
          )}
          <div className="work-actions">
            <GatedButton {...canWrite} disabled={!entry || state.busy} onClick={() => void session.submit()} {...keyShortcutProps(keys, 'submit')}>
              Submit <KeyHint map={keys} action="submit" />
            </GatedButton>
            <button type="button" className="secondary" disabled={state.busy} onClick={() => session.skip()} {...keyShortcutProps(keys, 'skip')}>
              Skip <KeyHint map={keys} action="skip" />
            </button>
            <GatedButton
              {...canWrite}
              className="secondary"
              disabled={state.decided.length === 0 || state.busy}
              onClick={() => void session.undo()}
              {...keyShortcutProps(keys, 'undo')}
            >
              Undo <KeyHint map={keys} action="undo" />
            </GatedButton>
          </div>
          <NoticeLine notice={state.notice} onShow={(id) => session.show(id)} />
          <TrailPosition state={state} onBack={() => session.back()} onForward={() => session.forward()} />
          <KeyHelp labels={dataset.labels} map={keys} submit={SUBMIT_HELP[dataset.taskType]} {...taskKeyHelp(dataset, keys)} />
        </section>
      </div>
    </div>
  );
}

/** The item shown: its id and state, your label if you gave one, the content, and others' labels if the API sends them. */
function ItemToLabel({
  entry,
  dataset,
  username,
  session,
  state,
  spanText,
}: {
  entry: Entry;
  dataset: DatasetFieldsFragment;
  username: string;
  session: WorkSession;
  state: WorkState;
  spanText: RefObject<HTMLDivElement | null>;
}) {
  const { item } = entry;
  const mine = item.annotations.find((annotation) => annotation.annotator === username);
  // In a blind dataset the API sends only the viewer's own annotation: whatever else comes may be shown.
  const others = item.annotations.filter((annotation) => annotation.annotator !== username);
  return (
    <>
      <div className="hit-header">
        <h2 id="work-item-title">Item {item.externalId}</h2>
        <StatusBadge status={item.status} />
        {mine && (
          <span data-testid="my-label">
            <span className="muted">your label</span> <AnswerView dataset={dataset} item={item} stored={mine} />
          </span>
        )}
        {entry.skipped && <span className="badge">SKIPPED</span>}
        {item.goldLabel && (
          <span>
            <span className="muted">gold</span>{' '}
            <AnswerView dataset={dataset} item={item} stored={{ label: item.goldLabel, labels: item.goldLabels, spans: item.goldSpans }} />
          </span>
        )}
        <Link className="hit-date" to={datasetPath(dataset.id, `/items/${encodeURIComponent(item.id)}`)}>
          Item details
        </Link>
      </div>
      <ItemContent item={item} taskType={dataset.taskType} textView={dataset.taskType === 'SPANS' && item.text !== null ? <SpanEditor
            key={item.id}
            editorRef={spanText}
            text={item.text}
            labels={dataset.labels}
            spans={state.draft.spans ?? []}
            suggested={state.draft.suggested === true}
            selection={state.draft.selection}
            onSelect={(selection) => session.setSelection(selection)}
            onRemove={(index) => session.removeSpan(index)}
            errors={spanErrorsOf(state)}
          /> : undefined} />
      {others.length > 0 && (
        <div className="others">
          <h3 className="subheading">Labels by others</h3>
          <ul className="given">
            {others.map((annotation) => (
              <li key={annotation.annotator}>
                <span>{annotation.annotator}</span> <AnswerView dataset={dataset} item={item} stored={annotation} />
                {annotation.note && <span className="muted"> — {annotation.note}</span>}
              </li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}
