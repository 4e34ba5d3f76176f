import { useQuery } from 'urql';
import { formatDateTime, formatMs } from '../ui/format';
import { HealthDocument } from './health.generated';

/** The platform's health as one API replica sees it, refreshed on demand. */
export function HealthPanel() {
  const [{ data, fetching, error }, refresh] = useQuery({ query: HealthDocument, requestPolicy: 'network-only' });

  let body;
  if (data) {
    const { health } = data;
    body = (
      <>
        <table>
          <caption className="visually-hidden">State of each service</caption>
          <thead>
            <tr>
              <th scope="col">Service</th>
              <th scope="col">Status</th>
              <th scope="col" className="numeric">
                Latency
              </th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {health.services.map((service) => (
              <tr key={service.name}>
                <th scope="row">{service.name.toLowerCase()}</th>
                <td>
                  <span className={`status status-${service.status}`}>{service.status}</span>
                </td>
                <td className="numeric">{formatMs(service.latencyMs)}</td>
                <td>{service.reason ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="muted">
          Answered by replica <code>{health.replica}</code> at {formatDateTime(health.checkedAt)}.
        </p>
      </>
    );
  } else if (error) {
    body = <p role="alert">The API did not answer the health check.</p>;
  } else {
    body = <p role="status">Checking services…</p>;
  }

  return (
    <section className="card" aria-labelledby="health-title">
      <div className="card-header">
        <h2 id="health-title">
          Platform health{' '}
          {data && <span className={`status status-${data.health.status}`}>{data.health.status}</span>}
        </h2>
        <button
          type="button"
          className="secondary"
          onClick={() => refresh({ requestPolicy: 'network-only' })}
          disabled={fetching}
        >
          {fetching ? 'Checking…' : 'Check again'}
        </button>
      </div>
      {body}
    </section>
  );
}
