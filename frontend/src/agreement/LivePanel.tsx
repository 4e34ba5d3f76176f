import type { DatasetFieldsFragment } from '../graphql/shared/items.generated';
import { NamedLabelChip } from '../datasets/LabelChips';
import { formatCount, formatDateTime, formatShare } from '../ui/format';
import type { Activity } from './useDatasetActivity';


/** The dataset's activity as it happens (`datasetActivity`): pace, queue depth, agreement, the latest labels. */
export function LivePanel({ activity, dataset }: { activity: Activity; dataset: DatasetFieldsFragment }) {
  const { snapshot, recent } = activity;
  return (
    <section className="card live" aria-labelledby="live-title">
      <div className="card-header">
        <h2 id="live-title">Live</h2>
        {snapshot && <span className="muted">as of {formatDateTime(snapshot.at)}</span>}
      </div>
      {snapshot ? (
        <dl className="figures">
          <div>
            <dt>Labels in the last minute</dt>
            <dd data-testid="labels-last-minute">{formatCount(snapshot.labelsLastMinute)}</dd>
          </div>
          <div>
            <dt>Queue depth</dt>
            <dd data-testid="queue-depth">{formatCount(snapshot.queueDepth)}</dd>
            <dd className="figure-note">items still wanting labels</dd>
          </div>
          <div>
            <dt>Percent agreement</dt>
            <dd data-testid="live-percent-agreement">{formatShare(snapshot.percentAgreement)}</dd>
            <dd className="figure-note">recomputed at most every 10 s</dd>
          </div>
        </dl>
      ) : (
        <p role="status" className="muted">
          Waiting for the live activity…
        </p>
      )}
      {recent.length > 0 && (
        <>
          <h3 className="subheading">Latest labels</h3>
          <ul className="recent" aria-label="Latest labels">
            {recent.map((notice, index) => (
              <li key={`${notice.at}-${notice.itemId}-${notice.annotator}-${index}`}>
                <span className="muted">{formatDateTime(notice.at)}</span> <strong>{notice.annotator}</strong>{' '}
                {notice.label ? 'labelled' : 'removed their label of'} {externalIdOf(notice.itemId)}
                {notice.label && (
                  <>
                    {' '}
                    <NamedLabelChip name={notice.label} labels={dataset.labels} />
                  </>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** "reviews:r03" → "r03" (item ids are '<dataset id>:<external id>'). */
function externalIdOf(itemId: string): string {
  const colon = itemId.indexOf(':');
  return colon < 0 ? itemId : itemId.slice(colon + 1);
}
