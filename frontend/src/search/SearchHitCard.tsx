import { Link, useLocation } from 'react-router';
import { datasetPath } from '../datasets/datasetContext';
import type { DatasetFieldsFragment, SearchHitFieldsFragment } from '../graphql/shared/items.generated';
import { NamedLabelChip } from '../datasets/LabelChips';
import { formatDateTime } from '../ui/format';
import { useCan } from '../viewer/permissions';
import { Highlight } from './Highlight';
import { StatusBadge } from './itemStatus';

const TEXT_PREVIEW = 320;

/** One search result: its id (a link to the item), status, gold label, passages or text, metadata. */
export function SearchHitCard({ hit, dataset }: { hit: SearchHitFieldsFragment; dataset: DatasetFieldsFragment }) {
  const others = hit.labels.filter((label) => label !== hit.goldLabel);
  const { search } = useLocation(); // the item page links back to this very search
  const canAnnotate = useCan('ANNOTATE').enabled;
  return (
    <li className="hit" data-item-id={hit.itemId}>
      <div className="hit-header">
        <Link
          to={datasetPath(dataset.id, `/items/${encodeURIComponent(hit.itemId)}`)}
          state={{ search }}
          className="hit-id"
        >
          {hit.externalId}
        </Link>
        <StatusBadge status={hit.status} />
        {hit.goldLabel && (
          <span className="hit-gold">
            <span className="muted">gold</span> <NamedLabelChip name={hit.goldLabel} labels={dataset.labels} />
          </span>
        )}
        {others.length > 0 && (
          <span className="hit-labels">
            <span className="muted">labelled</span>{' '}
            {others.map((label) => (
              <NamedLabelChip key={label} name={label} labels={dataset.labels} />
            ))}
          </span>
        )}
        <span className="muted hit-date">{formatDateTime(hit.createdAt)}</span>
        {canAnnotate && (
          <Link
            className="hit-annotate"
            to={datasetPath(dataset.id, `/annotate?item=${encodeURIComponent(hit.itemId)}`)}
            aria-label={`Annotate ${hit.externalId}`}
          >
            Annotate
          </Link>
        )}
      </div>
      <HitBody hit={hit} />
      {hit.metadata.length > 0 && (
        <dl className="hit-meta">
          {hit.metadata.map((entry) => (
            <div key={entry.key}>
              <dt>{entry.key}</dt>
              <dd>{entry.value}</dd>
            </div>
          ))}
        </dl>
      )}
    </li>
  );
}

function HitBody({ hit }: { hit: SearchHitFieldsFragment }) {
  if (hit.highlights.length > 0) {
    return (
      <div className="hit-text">
        {hit.highlights.map((passage, index) => (
          <p key={index} className="passage">
            <Highlight passage={passage} />
          </p>
        ))}
      </div>
    );
  }
  if (hit.text !== null) {
    const text = hit.text.length > TEXT_PREVIEW ? `${hit.text.slice(0, TEXT_PREVIEW)}…` : hit.text;
    return (
      <div className="hit-text">
        <p className="passage">{text}</p>
      </div>
    );
  }
  return (
    <p className="hit-features">
      {(hit.features ?? []).map((feature) => (
        <span key={feature.name}>
          <span className="muted">{feature.name}</span> {feature.value}
        </span>
      ))}
    </p>
  );
}
