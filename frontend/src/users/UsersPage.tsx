import { useTitle } from '../app/useTitle';
import { CreateUserForm } from './CreateUserForm';
import { UserList } from './UserList';

/** User management (permission MANAGE_USERS; the route checks it). */
export function UsersPage() {
  useTitle('Users');
  return (
    <>
      <h1>Users</h1>
      <CreateUserForm />
      <UserList />
    </>
  );
}
