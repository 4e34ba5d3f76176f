import { useState } from 'react';
import { useQuery } from 'urql';
import { describeError } from '../graphql/errors';
import { useViewer } from '../viewer/ViewerContext';
import { UserRow } from './UserRow';
import { UsersDocument } from './users.generated';

export const PAGE_SIZE = 20;

/** Every account, a page at a time (Relay cursors), each with its management controls. */
export function UserList() {
  const viewer = useViewer();
  // cursors[i] is the `after` of page i; page 0 starts at the beginning.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const page = cursors.length - 1;
  const [{ data, error, fetching }] = useQuery({
    query: UsersDocument,
    variables: { first: PAGE_SIZE, after: cursors[page] ?? null },
  });
  const users = data?.users;

  return (
    <section className="card" aria-labelledby="user-list-title" aria-busy={fetching}>
      <div className="card-header">
        <h2 id="user-list-title">All users</h2>
        {users && (
          <p className="muted" role="status">
            {users.nodes.length > 0
              ? `${page * PAGE_SIZE + 1}–${page * PAGE_SIZE + users.nodes.length} of ${users.totalCount}`
              : `0 of ${users.totalCount}`}
          </p>
        )}
      </div>
      {error && !users && <p role="alert">Cannot load the users: {describeError(error)}</p>}
      {!users && !error && <p role="status">Loading users…</p>}
      {users && (
        <table className="users">
          <thead>
            <tr>
              <th scope="col">Username</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Created</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {users.nodes.map((node) => (
              <UserRow key={node.id} user={node} isViewer={node.id === viewer.user.id} />
            ))}
          </tbody>
        </table>
      )}
      <nav className="pager" aria-label="User pages">
        <button
          type="button"
          className="secondary"
          disabled={page === 0 || fetching}
          onClick={() => setCursors((c) => c.slice(0, -1))}
        >
          ← Previous page
        </button>
        <span className="muted">Page {page + 1}</span>
        <button
          type="button"
          className="secondary"
          disabled={!users?.pageInfo.hasNextPage || fetching}
          onClick={() => {
            const next = users?.pageInfo.endCursor;
            if (next) setCursors((c) => [...c, next]);
          }}
        >
          Next page →
        </button>
      </nav>
    </section>
  );
}
