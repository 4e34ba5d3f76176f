import { useQuery } from 'urql';

const HealthQuery = /* GraphQL */ `
  query Health {
    health {
      replica
      status
      checkedAt
      services {
        name
        status
        reason
        latencyMs
      }
    }
  }
`;

type ServiceStatus = 'UP' | 'DOWN';
interface HealthData {
  health: {
    replica: string;
    status: ServiceStatus;
    checkedAt: string;
    services: { name: string; status: ServiceStatus; reason: string | null; latencyMs: number }[];
  };
}

/** The platform's health as one API replica sees it, refreshed on demand. */
export function HealthPanel() {
  const [{ data, fetching, error }, refresh] = useQuery<HealthData>({
    query: HealthQuery,
    requestPolicy: 'network-only',
  });

  if (error) return <p role="alert">Cannot reach the API: {error.message}</p>;
  if (!data) return <p>{fetching ? 'Checking services…' : 'No answer yet.'}</p>;

  const { health } = data;
  return (
    <section aria-labelledby="health-title">
      <h2 id="health-title">
        Platform health: <span className={`status status-${health.status}`}>{health.status}</span>
      </h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Service</th>
            <th scope="col">Status</th>
            <th scope="col">Latency</th>
            <th scope="col">Reason</th>
          </tr>
        </thead>
        <tbody>
          {health.services.map((service) => (
            <tr key={service.name}>
              <td>{service.name.toLowerCase()}</td>
              <td className={`status status-${service.status}`}>{service.status}</td>
              <td>{service.latencyMs.toFixed(1)} ms</td>
              <td>{service.reason ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">
        Answered by replica <code>{health.replica}</code> at {new Date(health.checkedAt).toLocaleTimeString()}.{' '}
        <button type="button" onClick={() => refresh({ requestPolicy: 'network-only' })} disabled={fetching}>
          Check again
        </button>
      </p>
    </section>
  );
}
