import { keyInWords } from '../annotate/answers';
import { AnswerView } from '../annotate/AnswerView';
import type { TaskType } from '../graphql/schema.generated';
import { formatDateTime, formatShare } from '../ui/format';
import { TableScroll } from '../ui/TableScroll';
import type { ItemQuery } from '../graphql/shared/items.generated';

type Item = NonNullable<ItemQuery['item']>;
type LabelEvent = Item['history'][number];
type Labels = readonly { name: string; color?: string | null }[];

/**
 * An item's labels as the API returns them to the viewer: the annotations with their notes, the gold label with the
 * reviewer's comment, the model's suggestion and the history. In a blind dataset the API leaves out what an
 * annotator may not see (other annotators' labels, the gold label, the suggestion); nothing here fills it in.
 */
export function ItemLabels({ item, labels, taskType = 'SINGLE_LABEL' }: { item: Item; labels: Labels; taskType?: TaskType }) {
  const dataset = { taskType, labels };
  const history = [...item.history].reverse(); // the API lists oldest first; people read the latest first
  const goldEvent = history.find((event) => event.action === 'gold');
  return (
    <>
      {item.goldLabel && (
        <section className="item-part" aria-labelledby="item-gold">
          <h3 id="item-gold">Gold label</h3>
          <p>
            <AnswerView dataset={dataset} item={item} stored={{ label: item.goldLabel, labels: item.goldLabels, spans: item.goldSpans }} full />
            {goldEvent && goldEvent.label === item.goldLabel && (
              <span className="gold-comment">
                {' '}
                {goldEvent.comment ? `“${goldEvent.comment}” — ${goldEvent.actor}` : `set by ${goldEvent.actor}`},{' '}
                <time dateTime={goldEvent.at}>{formatDateTime(goldEvent.at)}</time>
              </span>
            )}
          </p>
        </section>
      )}
      {item.suggestion && (
        <section className="item-part" aria-labelledby="item-suggestion">
          <h3 id="item-suggestion">Model suggestion</h3>
          <p>
            <AnswerView dataset={dataset} item={item} stored={{ label: item.suggestion.label, labels: taskType === 'MULTI_LABEL' ? item.suggestion.labels.map((l) => l.label) : [], spans: taskType === 'SPANS' ? item.suggestion.spans : [] }} full /> {formatShare(item.suggestion.confidence)}{' '}
            confidence, from {item.suggestion.model} version {item.suggestion.version} (scored{' '}
            <time dateTime={item.suggestion.at}>{formatDateTime(item.suggestion.at)}</time>)
          </p>
        </section>
      )}
      <section className="item-part" aria-labelledby="item-annotations">
        <h3 id="item-annotations">Annotations</h3>
        {item.annotations.length === 0 ? (
          <p className="muted">Nobody labelled this item yet.</p>
        ) : (
          <TableScroll label="Annotations (scrolls sideways)">
            <table aria-labelledby="item-annotations">
              <thead>
                <tr>
                  <th scope="col">Annotator</th>
                  <th scope="col">Label</th>
                  <th scope="col">Note</th>
                  <th scope="col">Given</th>
                  <th scope="col">Changed</th>
                </tr>
              </thead>
              <tbody>
                {item.annotations.map((annotation) => (
                  <tr key={annotation.annotator}>
                    <td>{annotation.annotator}</td>
                    <td>
                      <AnswerView dataset={dataset} item={item} stored={annotation} full />
                    </td>
                    <td>{annotation.note || '—'}</td>
                    <td>{formatDateTime(annotation.createdAt)}</td>
                    <td>{annotation.updatedAt === annotation.createdAt ? '—' : formatDateTime(annotation.updatedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
        {item.agreement !== null && <p>Agreement between its annotators: {formatShare(item.agreement)}</p>}
      </section>
      <section className="item-part" aria-labelledby="item-history">
        <h3 id="item-history">History</h3>
        {history.length === 0 ? (
          <p className="muted">No changes to its labels yet.</p>
        ) : (
          <ol className="item-history">
            {history.map((event, index) => (
              <li key={`${event.at}-${index}`}>
                <time dateTime={event.at}>{formatDateTime(event.at)}</time> {describeEvent(taskType === 'SINGLE_LABEL' ? event : { ...event, label: event.label && keyInWords(taskType, event.label, item.text) })}
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}

/** "ann labelled neg: “clearly unhappy”", "rev set the gold label neg: “…”", "rev removed bob's label". */
export function describeEvent(event: LabelEvent): string {
  const comment = event.comment ? `: “${event.comment}”` : '';
  switch (event.action) {
    case 'annotate':
      return `${event.actor} labelled ${event.label ?? '—'}${comment}`;
    case 'gold':
      return event.label
        ? `${event.actor} set the gold label ${event.label}${comment}`
        : `${event.actor} cleared the gold label${comment}`;
    case 'delete':
      return event.comment ? `${event.actor} removed ${event.comment}’s label` : `${event.actor} removed a label`;
    default:
      return `${event.actor}: ${event.action} ${event.label ?? ''}${comment}`.trim();
  }
}
