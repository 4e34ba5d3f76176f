import { useMutation } from 'urql';
import { LogoutDocument } from './session.generated';
import { useSessionStore } from './SessionContext';

/** Revokes the viewer's access tokens on the server, then forgets the token here and goes to /login. */
export function LogoutButton() {
  const session = useSessionStore();
  const [{ fetching }, logout] = useMutation(LogoutDocument);

  async function onClick() {
    const result = await logout({});
    session.logOut(
      result.data
        ? 'You have logged out.'
        : 'You are logged out here, but the server could not be told: your access token works until it expires.',
    );
  }

  return (
    <button type="button" className="secondary" onClick={onClick} disabled={fetching}>
      {fetching ? 'Logging out…' : 'Log out'}
    </button>
  );
}
