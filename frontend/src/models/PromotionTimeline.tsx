import { useState } from 'react';
import { formatDateTime } from '../ui/format';
import { formatDecimal } from '../ui/format';
import { metricName, numericEntries } from './format';
import type { PromotionEventFieldsFragment } from '../graphql/shared/models.generated';
import { RunLink } from './RunLink';

/** Changes listed at first. */
export const SHOWN_EVENTS = 10;

/** Every promotion and rollback of a model, newest first, with the metrics the version had at that moment. */
export function PromotionTimeline({ events }: { events: readonly PromotionEventFieldsFragment[] }) {
  const [showAll, setShowAll] = useState(false);
  if (events.length === 0) return <p className="muted">No version has been promoted yet.</p>;
  const shown = showAll ? events : events.slice(0, SHOWN_EVENTS);
  return (
    <>
      <ol className="timeline" aria-label="Promotion history">
        {shown.map((event) => (
          <li key={event.id} data-action={event.action}>
            <div className="timeline-head">
              <span className={`badge badge-${event.action}`}>{event.action}</span>{' '}
              <strong>v{event.version}</strong>
              {event.previousVersion && <span className="muted"> (was v{event.previousVersion})</span>}
              <span className="muted">
                {' '}
                · by <strong>{event.actor}</strong> · <time dateTime={event.at}>{formatDateTime(event.at)}</time>
              </span>
            </div>
            <p className="timeline-reason">{event.reason}</p>
            <dl className="snapshot">
              {numericEntries(event.metrics).map(([key, value]) => (
                <div key={key}>
                  <dt>{metricName(key)}</dt>
                  <dd>{formatDecimal(value)}</dd>
                </div>
              ))}
              <div>
                <dt>run</dt>
                <dd>
                  <RunLink datasetId={event.model} runId={event.runId} />
                </dd>
              </div>
            </dl>
          </li>
        ))}
      </ol>
      {events.length > SHOWN_EVENTS && (
        <p>
          <button type="button" className="link-button" onClick={() => setShowAll((all) => !all)}>
            {showAll ? `Show the latest ${SHOWN_EVENTS} only` : `Show all ${events.length} changes`}
          </button>
        </p>
      )}
    </>
  );
}
