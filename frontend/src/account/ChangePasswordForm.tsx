import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { useSessionStore } from '../auth/SessionContext';
import { FormMessage, TextField } from '../ui/Field';
import { splitErrors, type SplitErrors } from '../ui/fieldErrors';
import { sentence } from '../ui/format';
import { ChangeOwnPasswordDocument } from './account.generated';

const FIELDS = ['currentPassword', 'newPassword'] as const;
const NO_ERRORS: SplitErrors = { fields: {}, form: null };

/** Change your own password: the API revokes your other sessions and hands this one a new token. */
export function ChangePasswordForm() {
  const session = useSessionStore();
  const [{ fetching }, change] = useMutation(ChangeOwnPasswordDocument);
  const [errors, setErrors] = useState<SplitErrors>(NO_ERRORS);
  const [done, setDone] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const currentPassword = String(form.get('currentPassword') ?? '');
    const newPassword = String(form.get('newPassword') ?? '');
    setDone(false);
    if (newPassword !== form.get('confirmPassword')) {
      setErrors({ fields: { confirmPassword: 'The two new passwords differ: type the same one twice.' }, form: null });
      return;
    }
    setErrors(NO_ERRORS);
    const result = await change({ currentPassword, newPassword });
    const outcome = result.data?.changeOwnPassword;
    if (!outcome) return;
    switch (outcome.__typename) {
      case 'LoginSuccess':
        session.renew(outcome.accessToken, outcome.expiresAt);
        formElement.reset();
        setDone(true);
        return;
      case 'WrongPasswordError':
        setErrors({ fields: { currentPassword: `${sentence(outcome.message)}.` }, form: null });
        return;
      case 'ValidationError':
        setErrors(splitErrors(outcome, FIELDS));
        return;
    }
  }

  return (
    <section className="card" aria-labelledby="password-title">
      <h2 id="password-title">Change password</h2>
      <form onSubmit={onSubmit} noValidate className="stack">
        <TextField
          label="Current password"
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          required
          error={errors.fields.currentPassword}
        />
        <TextField
          label="New password"
          name="newPassword"
          type="password"
          autoComplete="new-password"
          required
          hint="8 to 256 characters."
          error={errors.fields.newPassword}
        />
        <TextField
          label="New password, again"
          name="confirmPassword"
          type="password"
          autoComplete="new-password"
          required
          error={errors.fields.confirmPassword}
        />
        <FormMessage
          error={errors.form}
          success={done ? 'Password changed. Your other sessions were logged out; this one goes on.' : null}
        />
        <div>
          <button type="submit" disabled={fetching}>
            {fetching ? 'Changing…' : 'Change password'}
          </button>
        </div>
      </form>
    </section>
  );
}
