import type { ReactNode } from 'react';
import type { TaskType } from '../graphql/schema.generated';
import { formatShare } from '../ui/format';
import type { WorkItem } from './workSession';

/**
 * What is labelled: the text (TEXT) or the feature values (TABULAR), the production model's suggestion when batch
 * scoring made one (the API hides it from annotators in blind datasets), then the metadata.
 */
export function ItemContent({ item, taskType = 'SINGLE_LABEL', textView }: { item: WorkItem; taskType?: TaskType; textView?: ReactNode }) {
  return (
    <>
      {item.suggestion && (
        <p className="suggestion" aria-label="Model suggestion">
          Model suggests <strong>{suggestedText(item, taskType)}</strong> ({formatShare(item.suggestion.confidence)},
          version {item.suggestion.version})
        </p>
      )}
      {textView ?? (item.text !== null && <p className="item-text work-text">{item.text}</p>)}
      {item.features && (
        <table className="features" aria-label="Features">
          <tbody>
            {item.features.map((feature) => (
              <tr key={feature.name}>
                <th scope="row">{feature.name}</th>
                <td className="numeric">{feature.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {item.metadata.length > 0 && (
        <dl className="hit-meta" aria-label="Metadata">
          {item.metadata.map((entry) => (
            <div key={entry.key}>
              <dt>{entry.key}</dt>
              <dd>{entry.value}</dd>
            </div>
          ))}
        </dl>
      )}
    </>
  );
}

/** The suggestion in words, never its key: the label, the set ("none of these"), or how many spans. */
export function suggestedText(item: WorkItem, taskType: TaskType): string {
  const suggestion = item.suggestion;
  if (!suggestion) return '';
  switch (taskType) {
    case 'SINGLE_LABEL':
      return suggestion.label;
    case 'MULTI_LABEL':
      return suggestion.labels.length === 0 ? 'none of these' : suggestion.labels.map((l) => l.label).join(', ');
    case 'SPANS':
      return suggestion.spans.length === 1 ? '1 span (dashed)' : `${suggestion.spans.length} spans (dashed)`;
  }
}
