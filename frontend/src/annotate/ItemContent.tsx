import { formatShare } from '../ui/format';
import type { WorkItem } from './workSession';

/**
 * What is labelled: the text (TEXT) or the feature values (TABULAR), the production model's suggestion when batch
 * scoring made one (the API hides it from annotators in blind datasets), then the metadata.
 */
export function ItemContent({ item }: { item: WorkItem }) {
  return (
    <>
      {item.suggestion && (
        <p className="suggestion" aria-label="Model suggestion">
          Model suggests <strong>{item.suggestion.label}</strong> ({formatShare(item.suggestion.confidence)},
          version {item.suggestion.version})
        </p>
      )}
      {item.text !== null && <p className="item-text work-text">{item.text}</p>}
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
