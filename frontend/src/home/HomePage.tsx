import { useNavigate } from 'react-router';
import { AdminTools } from '../admin/AdminTools';
import { useTitle } from '../app/useTitle';
import { HealthPanel } from '../health/HealthPanel';
import { CanButton } from '../viewer/Gated';
import { useViewer } from '../viewer/ViewerContext';
import { Permissions } from './Permissions';
import { WhoAmI } from './WhoAmI';

export function HomePage() {
  useTitle('Home');
  const navigate = useNavigate();
  const { user } = useViewer();
  return (
    <>
      <h1>Welcome, {user.username}</h1>
      <div className="actions" aria-label="Shortcuts" role="group">
        <CanButton permission="USE_ACCOUNT" className="secondary" onClick={() => navigate('/account')}>
          Change password or API tokens
        </CanButton>
        <CanButton permission="MANAGE_USERS" className="secondary" onClick={() => navigate('/users')}>
          Manage users
        </CanButton>
      </div>
      <div className="grid">
        <WhoAmI />
        <HealthPanel />
      </div>
      <AdminTools />
      <Permissions />
    </>
  );
}
