import type { ReactNode } from 'react';
import { draftOfStored, keyInWords, type AnswerDraft } from '../annotate/answers';
import { AnswerView } from '../annotate/AnswerView';
import type { DatasetFieldsFragment } from '../graphql/shared/items.generated';
import { NamedLabelChip } from '../datasets/LabelChips';
import { ItemContent } from '../annotate/ItemContent';
import type { Entry } from '../annotate/workSession';
import { StatusBadge } from '../search/itemStatus';
import { formatDateTime } from '../ui/format';
import { formatShare } from '../ui/format';

const ACTIONS: Record<string, string> = { annotate: 'labelled', delete: 'deleted the label of', gold: 'set the gold label' };

/** A conflict as a reviewer sees it: the content, every annotator's label and note, and the item's history. */
export function ReviewItem({
  entry,
  dataset,
  textView,
  onAdopt,
}: {
  entry: Entry;
  dataset: DatasetFieldsFragment;
  textView?: ReactNode;
  /** Starts the gold answer from this annotator's (MULTI_LABEL, SPANS). */
  onAdopt?: (answer: AnswerDraft) => void;
}) {
  const { item } = entry;
  const votes = new Map<string, number>();
  item.annotations.forEach((a) => votes.set(a.label, (votes.get(a.label) ?? 0) + 1));
  return (
    <>
      <div className="hit-header">
        <h2 id="work-item-title">Item {item.externalId}</h2>
        <StatusBadge status={item.status} />
        {item.agreement !== null && <span className="muted">agreement {formatShare(item.agreement)}</span>}
        {item.goldLabel && (
          <span data-testid="gold-label">
            <span className="muted">gold</span>{' '}
            <AnswerView dataset={dataset} item={item} stored={{ label: item.goldLabel, labels: item.goldLabels, spans: item.goldSpans }} />
          </span>
        )}
        {entry.skipped && <span className="badge">SKIPPED</span>}
      </div>
      <ItemContent item={item} taskType={dataset.taskType} textView={textView} />
      <table className="annotations" aria-label="Labels given">
        <caption>
          Labels given
          {dataset.taskType === 'SINGLE_LABEL' && (
            <span className="muted">
              {' '}
              — {[...votes].map(([label, n]) => `${label} ×${n}`).join(', ') || 'none'}
            </span>
          )}
        </caption>
        <thead>
          <tr>
            <th scope="col">Annotator</th>
            <th scope="col">Label</th>
            <th scope="col">Note</th>
            <th scope="col">When</th>
          </tr>
        </thead>
        <tbody>
          {item.annotations.map((annotation) => (
            <tr key={annotation.annotator}>
              <th scope="row">{annotation.annotator}</th>
              <td>
                <AnswerView dataset={dataset} item={item} stored={annotation} full />
                {onAdopt && dataset.taskType !== 'SINGLE_LABEL' && (
                  <button type="button" className="secondary" onClick={() => onAdopt(draftOfStored(dataset.taskType, item, annotation))}>
                    Start the gold answer from {annotation.annotator}&apos;s
                  </button>
                )}
              </td>
              <td>{annotation.note ?? <span className="muted">—</span>}</td>
              <td>{formatDateTime(annotation.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <details className="history" open>
        <summary>History ({item.history.length})</summary>
        <ol reversed aria-label="History, newest first">
          {[...item.history].reverse().map((event, index) => (
            <li key={`${event.at}-${index}`}>
              <span className="muted">{formatDateTime(event.at)}</span> <strong>{event.actor}</strong>{' '}
              {event.action === 'delete' && event.comment === event.actor ? 'deleted their label' : (ACTIONS[event.action] ?? event.action)}
              {event.action === 'delete' && event.comment && event.comment !== event.actor ? ` ${event.comment}` : ''}
              {event.label && (
                <>
                  {' '}
                  {dataset.taskType === 'SINGLE_LABEL' ? (
                    <NamedLabelChip name={event.label} labels={dataset.labels} />
                  ) : (
                    keyInWords(dataset.taskType, event.label, item.text)
                  )}
                </>
              )}
              {event.action !== 'delete' && event.comment && <span className="muted"> — “{event.comment}”</span>}
            </li>
          ))}
        </ol>
      </details>
    </>
  );
}
