import { sentence } from '../ui/format';
import { useViewer } from '../viewer/ViewerContext';

/** Every permission: granted, or why not. */
export function Permissions() {
  const { permissions } = useViewer();
  return (
    <section className="card" aria-labelledby="permissions-title">
      <h2 id="permissions-title">What you may do</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Permission</th>
            <th scope="col">Allows you to</th>
            <th scope="col">You</th>
          </tr>
        </thead>
        <tbody>
          {permissions.map((grant) => (
            <tr key={grant.permission}>
              <th scope="row">
                <code>{grant.permission}</code>
              </th>
              <td>{grant.description}</td>
              <td>
                {grant.enabled ? (
                  <span className="status status-UP">Yes</span>
                ) : (
                  <span className="status status-DOWN" title={sentence(grant.disabledReason ?? '')}>
                    No
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
