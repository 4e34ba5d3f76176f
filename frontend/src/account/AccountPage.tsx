import { useTitle } from '../app/useTitle';
import { ApiTokens } from './ApiTokens';
import { ChangePasswordForm } from './ChangePasswordForm';
import { KeyboardShortcutsForm } from './KeyboardShortcutsForm';

export function AccountPage() {
  useTitle('Account');
  return (
    <>
      <h1>Account</h1>
      <ChangePasswordForm />
      <ApiTokens />
      <KeyboardShortcutsForm />
    </>
  );
}
