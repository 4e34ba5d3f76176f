import { useId, useState } from 'react';
import { formatDateTime } from '../ui/format';
import { UserEditor } from './UserEditor';
import type { UserFieldsFragment } from './users.generated';

/** One account in the list; "Manage" opens its controls in the row below. */
export function UserRow({ user, isViewer }: { user: UserFieldsFragment; isViewer: boolean }) {
  const [open, setOpen] = useState(false);
  const editorId = useId();
  return (
    <>
      <tr data-username={user.username}>
        <th scope="row">
          {user.username} {isViewer && <span className="muted">(you)</span>}
        </th>
        <td>
          <span className={`badge badge-${user.role}`}>{user.role}</span>
        </td>
        <td>
          {user.disabled ? (
            <span className="status status-DOWN">Disabled</span>
          ) : (
            <span className="status status-UP">Active</span>
          )}
        </td>
        <td>{formatDateTime(user.createdAt)}</td>
        <td className="row-actions">
          <button
            type="button"
            className="secondary"
            aria-expanded={open}
            aria-controls={open ? editorId : undefined}
            aria-label={`${open ? 'Close' : 'Manage'} ${user.username}`}
            onClick={() => setOpen(!open)}
          >
            {open ? 'Close' : 'Manage'}
          </button>
        </td>
      </tr>
      {open && (
        <tr className="editor-row">
          <td colSpan={5} id={editorId}>
            <UserEditor user={user} isViewer={isViewer} />
          </td>
        </tr>
      )}
    </>
  );
}
