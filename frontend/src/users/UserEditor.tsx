import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import type { Role } from '../graphql/schema.generated';
import { FormMessage, SelectField, TextField } from '../ui/Field';
import { splitErrors, type SplitErrors } from '../ui/fieldErrors';
import { sentence } from '../ui/format';
import { GatedButton } from '../viewer/Gated';
import { useCan } from '../viewer/permissions';
import { ROLES } from './roles';
import {
  ChangeUserRoleDocument,
  ResetUserPasswordDocument,
  SetUserDisabledDocument,
  type UpdateUserOutcomeFragment,
  type UserFieldsFragment,
} from './users.generated';

interface Outcome {
  errors: SplitErrors;
  success: string | null;
}
const IDLE: Outcome = { errors: { fields: {}, form: null }, success: null };

/** Turns an `UpdateUserResult` into messages: field errors by field, the rest for the form. */
function outcomeOf(result: UpdateUserOutcomeFragment | undefined, fields: string[], success: string): Outcome | null {
  if (!result) return null; // network or unexpected error: the toast shows it
  switch (result.__typename) {
    case 'UserSuccess':
      return { errors: IDLE.errors, success };
    case 'ValidationError':
      return { errors: splitErrors(result, fields), success: null };
    case 'UserNotFoundError':
    case 'CannotChangeOwnAccountError':
      return { errors: { fields: {}, form: `${sentence(result.message)}.` }, success: null };
  }
}

/** Role, enabled/disabled and password of one account. */
export function UserEditor({ user, isViewer }: { user: UserFieldsFragment; isViewer: boolean }) {
  const can = useCan('MANAGE_USERS');
  const gate = (selfReason: string) => ({
    enabled: can.enabled && !isViewer,
    reason: can.reason ?? (isViewer ? selfReason : null),
  });
  return (
    <div className="editor" role="group" aria-label={`Manage ${user.username}`}>
      <RoleForm user={user} gate={gate('you cannot change your own role: ask another administrator')} />
      <DisableForm user={user} gate={gate('you cannot disable your own account: ask another administrator')} />
      <ResetPasswordForm user={user} gate={gate('change your own password on the Account page')} />
    </div>
  );
}

interface Gate {
  enabled: boolean;
  reason: string | null;
}

function RoleForm({ user, gate }: { user: UserFieldsFragment; gate: Gate }) {
  const [{ fetching }, changeRole] = useMutation(ChangeUserRoleDocument);
  const [outcome, setOutcome] = useState<Outcome>(IDLE);
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const role = String(new FormData(event.currentTarget).get('role')) as Role;
    const result = await changeRole({ userId: user.id, role });
    setOutcome(outcomeOf(result.data?.changeUserRole, ['role'], `${user.username} is now ${role}.`) ?? IDLE);
  }
  return (
    <form onSubmit={onSubmit} noValidate className="editor-part">
      <SelectField label={`Role of ${user.username}`} name="role" defaultValue={user.role}
        error={outcome.errors.fields.role}
        disabled={!gate.enabled}
      >
        {ROLES.map((role) => (
          <option key={role.value} value={role.value}>
            {role.label}
          </option>
        ))}
      </SelectField>
      <GatedButton type="submit" enabled={gate.enabled} reason={gate.reason} disabled={fetching}>
        Change role
      </GatedButton>
      <FormMessage error={outcome.errors.form} success={outcome.success} />
    </form>
  );
}

function DisableForm({ user, gate }: { user: UserFieldsFragment; gate: Gate }) {
  const [{ fetching }, setDisabled] = useMutation(SetUserDisabledDocument);
  const [outcome, setOutcome] = useState<Outcome>(IDLE);
  const disable = !user.disabled;
  async function onClick() {
    const result = await setDisabled({ userId: user.id, disabled: disable });
    const done = disable ? `${user.username} is disabled: their tokens stopped working.` : `${user.username} is enabled.`;
    setOutcome(outcomeOf(result.data?.setUserDisabled, [], done) ?? IDLE);
  }
  return (
    <div className="editor-part">
      <p className="label">Account {user.disabled ? 'disabled' : 'active'}</p>
      <GatedButton
        className={disable ? 'danger' : 'secondary'}
        enabled={gate.enabled}
        reason={gate.reason}
        disabled={fetching}
        onClick={onClick}
      >
        {disable ? 'Disable account' : 'Enable account'}
      </GatedButton>
      <FormMessage error={outcome.errors.form} success={outcome.success} />
    </div>
  );
}

function ResetPasswordForm({ user, gate }: { user: UserFieldsFragment; gate: Gate }) {
  const [{ fetching }, reset] = useMutation(ResetUserPasswordDocument);
  const [outcome, setOutcome] = useState<Outcome>(IDLE);
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const newPassword = String(new FormData(formElement).get('newPassword') ?? '');
    const result = await reset({ userId: user.id, newPassword });
    const next = outcomeOf(
      result.data?.resetUserPassword,
      ['newPassword'],
      `Password of ${user.username} reset: their sessions were logged out.`,
    );
    if (next?.success) formElement.reset();
    setOutcome(next ?? IDLE);
  }
  return (
    <form onSubmit={onSubmit} noValidate className="editor-part">
      <TextField
        label={`New password for ${user.username}`}
        name="newPassword"
        type="password"
        autoComplete="new-password"
        error={outcome.errors.fields.newPassword}
        disabled={!gate.enabled}
      />
      <GatedButton type="submit" enabled={gate.enabled} reason={gate.reason} disabled={fetching}>
        Reset password
      </GatedButton>
      <FormMessage error={outcome.errors.form} success={outcome.success} />
    </form>
  );
}
