import { useEffect, useRef } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useClient } from 'urql';
import { FrontierView, NoticeLine, TrailPosition } from '../annotate/WorkStatus';
import { Instructions } from '../annotate/Instructions';
import { KeyHelp } from '../annotate/KeyHelp';
import { KeyHint, keyShortcutProps, useShortcutMap } from '../annotate/KeyHint';
import { AnswerPicker, spanErrorsOf } from '../annotate/AnswerPicker';
import { taskKeyHelp } from '../annotate/AnnotatePage';
import { SpanEditor } from '../annotate/spans/SpanEditor';
import { NoteField } from '../annotate/NoteField';
import { SessionProgress } from '../annotate/SessionProgress';
import { useQueueKeys } from '../annotate/useQueueKeys';
import { useWorkSession } from '../annotate/useWorkSession';
import { shownEntry } from '../annotate/workSession';
import { useTitle } from '../app/useTitle';
import { ARCHIVED_REASON, datasetPath, useDatasetContext } from '../datasets/datasetContext';
import type { DatasetFieldsFragment } from '../graphql/shared/items.generated';
import { GatedButton } from '../viewer/Gated';
import { useCan } from '../viewer/permissions';
import { reviewApi } from './reviewApi';
import { ReviewItem } from './ReviewItem';

/**
 * The review queue (permission REVIEW; the route checks it): conflicts one by one, every annotator's label,
 * note and the history, and the gold label with a comment (`setGoldLabel`). `?item=<id>` starts at one item.
 */
export function ReviewPage() {
  const { dataset } = useDatasetContext();
  const [params] = useSearchParams();
  const itemId = params.get('item');
  useTitle(`Review · ${dataset.name}`);
  return <ReviewWorkspace key={`${dataset.id}\n${itemId ?? ''}`} dataset={dataset} itemId={itemId} />;
}

function ReviewWorkspace({ dataset, itemId }: { dataset: DatasetFieldsFragment; itemId: string | null }) {
  const client = useClient();
  const [session, state] = useWorkSession(() => reviewApi(client, dataset.id, dataset.taskType), itemId);
  const spanText = useRef<HTMLDivElement>(null);
  const comment = useRef<HTMLTextAreaElement>(null);
  const itemRegion = useRef<HTMLElement>(null);
  const keys = useShortcutMap();
  useQueueKeys(session, dataset.labels, comment, keys, dataset.taskType === 'MULTI_LABEL');
  const can = useCan('REVIEW');

  const entry = shownEntry(state);
  const shownId = entry?.item.id ?? null;
  useEffect(() => {
    (spanText.current ?? itemRegion.current)?.focus({ preventScroll: true });
  }, [shownId, state.position]);

  const canWrite = {
    enabled: can.enabled && !dataset.archived,
    reason: can.reason ?? (dataset.archived ? ARCHIVED_REASON : null),
  };
  return (
    <div className="workspace">
      <div className="work-toolbar">
        <p className="work-queue">
          <span className="muted">Queue</span> <strong>Conflicts (REVIEW)</strong>
        </p>
        <SessionProgress dataset={dataset} decided={state.decided.length} writes={state.writes} mode="review" />
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
            <ReviewItem
              entry={entry}
              dataset={dataset}
              onAdopt={(answer) => session.adopt(answer)}
              textView={
                dataset.taskType === 'SPANS' && entry.item.text !== null ? (
                  <SpanEditor
                    key={entry.item.id}
                    name="Gold spans: text to mark"
                    editorRef={spanText}
                    text={entry.item.text}
                    labels={dataset.labels}
                    spans={state.draft.spans ?? []}
                    selection={state.draft.selection}
                    onSelect={(selection) => session.setSelection(selection)}
                    onRemove={(index) => session.removeSpan(index)}
                    errors={spanErrorsOf(state)}
                  />
                ) : undefined
              }
            />
          ) : (
            <FrontierView frontier={state.frontier} emptyTitle="No conflicts left to review">
              <p>
                <Link to={datasetPath(dataset.id, '/agreement')}>See the agreement</Link> ·{' '}
                <Link to={datasetPath(dataset.id, '/search?status=REVIEWED')}>Reviewed items</Link>
              </p>
            </FrontierView>
          )}
        </section>
        <section className="card work-controls" aria-label="Your review">
          <AnswerPicker legend="Gold label" dataset={dataset} state={state} session={session} keys={keys} disabled={!entry || state.busy} />
          {entry && (
            <NoteField
              label="Comment (optional)"
              value={state.draft.note}
              onChange={(value) => session.setNote(value)}
              onLeave={() => (spanText.current ?? itemRegion.current)?.focus({ preventScroll: true })}
              error={state.notice?.fields?.note}
              fieldRef={comment}
            />
          )}
          <div className="work-actions">
            <GatedButton {...canWrite} disabled={!entry || state.busy} onClick={() => void session.submit()} {...keyShortcutProps(keys, 'submit')}>
              Set gold label <KeyHint map={keys} action="submit" />
            </GatedButton>
            <button type="button" className="secondary" disabled={state.busy} onClick={() => session.skip()} {...keyShortcutProps(keys, 'skip')}>
              Skip <KeyHint map={keys} action="skip" />
            </button>
          </div>
          <NoticeLine notice={state.notice} />
          <TrailPosition state={state} onBack={() => session.back()} onForward={() => session.forward()} />
          <KeyHelp
            labels={dataset.labels}
            map={keys}
            submit="set the gold answer, then the next conflict"
            undo={false}
            note="comment"
            {...taskKeyHelp(dataset, keys)}
          />
        </section>
      </div>
    </div>
  );
}
