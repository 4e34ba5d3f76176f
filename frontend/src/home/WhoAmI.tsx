import { useSessionState } from '../auth/SessionContext';
import { formatDateTime } from '../ui/format';
import { useViewer } from '../viewer/ViewerContext';

const AUTH_METHODS = { ACCESS_TOKEN: 'access token (login)', API_TOKEN: 'API token' } as const;

/** Who the viewer is: account, role, how they authenticated, until when. */
export function WhoAmI() {
  const { user, authMethod } = useViewer();
  const { expiresAt } = useSessionState();
  return (
    <section className="card" aria-labelledby="whoami-title">
      <h2 id="whoami-title">Who am I</h2>
      <dl className="facts">
        <dt>Username</dt>
        <dd>{user.username}</dd>
        <dt>Role</dt>
        <dd>
          <span className={`badge badge-${user.role}`}>{user.role}</span>
        </dd>
        <dt>Signed in with</dt>
        <dd>{AUTH_METHODS[authMethod]}</dd>
        <dt>Account created</dt>
        <dd>{formatDateTime(user.createdAt)}</dd>
        {expiresAt !== null && (
          <>
            <dt>Access token valid until</dt>
            <dd>{formatDateTime(new Date(expiresAt).toISOString())}</dd>
          </>
        )}
      </dl>
    </section>
  );
}
