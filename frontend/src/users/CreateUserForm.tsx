import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import type { Role } from '../graphql/schema.generated';
import { FormMessage, SelectField, TextField } from '../ui/Field';
import { splitErrors, type SplitErrors } from '../ui/fieldErrors';
import { CanButton } from '../viewer/Gated';
import { ROLES } from './roles';
import { CreateUserDocument } from './users.generated';

const FIELDS = ['username', 'password', 'role'] as const;
const NO_ERRORS: SplitErrors = { fields: {}, form: null };

export function CreateUserForm() {
  const [{ fetching }, createUser] = useMutation(CreateUserDocument);
  const [errors, setErrors] = useState<SplitErrors>(NO_ERRORS);
  const [created, setCreated] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    setCreated(null);
    const result = await createUser({
      username: String(form.get('username') ?? ''),
      password: String(form.get('password') ?? ''),
      role: String(form.get('role') ?? 'USER') as Role,
    });
    const outcome = result.data?.createUser;
    if (!outcome) return;
    switch (outcome.__typename) {
      case 'UserSuccess':
        setErrors(NO_ERRORS);
        setCreated(`Created ${outcome.user.username} with role ${outcome.user.role}.`);
        formElement.reset();
        return;
      case 'ValidationError':
        setErrors(splitErrors(outcome, FIELDS));
        return;
    }
  }

  return (
    <section className="card" aria-labelledby="create-user-title">
      <h2 id="create-user-title">Create a user</h2>
      <form onSubmit={onSubmit} noValidate className="inline-form">
        <TextField
          label="Username"
          name="username"
          autoComplete="off"
          required
          hint="3–40 characters: lowercase letters, digits, _ . -"
          error={errors.fields.username}
        />
        <TextField
          label="Initial password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          hint="8 to 256 characters."
          error={errors.fields.password}
        />
        <SelectField label="Role" name="role" defaultValue="USER" error={errors.fields.role}>
          {ROLES.map((role) => (
            <option key={role.value} value={role.value}>
              {role.label}
            </option>
          ))}
        </SelectField>
        <CanButton permission="MANAGE_USERS" type="submit" disabled={fetching}>
          {fetching ? 'Creating…' : 'Create user'}
        </CanButton>
      </form>
      <FormMessage error={errors.form} success={created} />
    </section>
  );
}
