import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { FormMessage, TextField } from '../ui/Field';
import { splitErrors, type SplitErrors } from '../ui/fieldErrors';
import { formatDateTime, sentence } from '../ui/format';
import { CanButton } from '../viewer/Gated';
import { useViewer, type Viewer } from '../viewer/ViewerContext';
import { CreateApiTokenDocument } from '../graphql/shared/auth.generated';
import { RevokeApiTokenDocument } from './account.generated';
import { NewTokenSecret } from './NewTokenSecret';

type ApiToken = Viewer['apiTokens'][number];

/** API tokens for notebooks and scripts: create (secret shown once), list, revoke. */
export function ApiTokens() {
  const { apiTokens } = useViewer();
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  return (
    <section className="card" aria-labelledby="tokens-title">
      <h2 id="tokens-title">API tokens</h2>
      <p className="muted">Long-lived tokens for notebooks and scripts. Revoke the ones you no longer use.</p>
      {created ? (
        <NewTokenSecret name={created.name} secret={created.secret} onDone={() => setCreated(null)} />
      ) : (
        <CreateTokenForm onCreated={setCreated} />
      )}
      <TokenList tokens={apiTokens} />
    </section>
  );
}

function CreateTokenForm({ onCreated }: { onCreated: (token: { name: string; secret: string }) => void }) {
  const [{ fetching }, create] = useMutation(CreateApiTokenDocument);
  const [errors, setErrors] = useState<SplitErrors>({ fields: {}, form: null });

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get('name') ?? '');
    const result = await create({ name });
    const outcome = result.data?.createApiToken;
    if (!outcome) return;
    switch (outcome.__typename) {
      case 'CreateApiTokenSuccess':
        setErrors({ fields: {}, form: null });
        onCreated({ name: outcome.apiToken.name, secret: outcome.token });
        return;
      case 'ValidationError':
        setErrors(splitErrors(outcome, ['name']));
        return;
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate className="inline-form" aria-label="Create an API token">
      <TextField
        label="Token name"
        name="name"
        required
        maxLength={60}
        placeholder="e.g. laptop notebook"
        error={errors.fields.name}
      />
      <CanButton permission="USE_ACCOUNT" type="submit" disabled={fetching}>
        {fetching ? 'Creating…' : 'Create token'}
      </CanButton>
      <FormMessage error={errors.form} />
    </form>
  );
}

function TokenList({ tokens }: { tokens: readonly ApiToken[] }) {
  if (tokens.length === 0) return <p className="muted">You have no API tokens.</p>;
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Created</th>
          <th scope="col">Status</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {tokens.map((token) => (
          <TokenRow key={token.id} token={token} />
        ))}
      </tbody>
    </table>
  );
}

function TokenRow({ token }: { token: ApiToken }) {
  const [{ fetching }, revoke] = useMutation(RevokeApiTokenDocument);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function onRevoke() {
    const result = await revoke({ id: token.id });
    const outcome = result.data?.revokeApiToken;
    setConfirming(false);
    if (!outcome) return;
    switch (outcome.__typename) {
      case 'RevokeApiTokenSuccess':
        setError(null);
        return;
      case 'ApiTokenNotFoundError':
        setError(`${sentence(outcome.message)}.`);
        return;
    }
  }

  return (
    <tr aria-label={`API token ${token.name}`}>
      <th scope="row">{token.name}</th>
      <td>{formatDateTime(token.createdAt)}</td>
      <td>
        {token.revokedAt ? (
          <span className="status status-DOWN">Revoked {formatDateTime(token.revokedAt)}</span>
        ) : (
          <span className="status status-UP">Active</span>
        )}
      </td>
      <td className="row-actions">
        {!token.revokedAt &&
          (confirming ? (
            <>
              <span>Revoke “{token.name}”? Scripts using it will stop working.</span>{' '}
              <button type="button" className="danger" onClick={onRevoke} disabled={fetching}>
                Yes, revoke
              </button>{' '}
              <button type="button" className="secondary" onClick={() => setConfirming(false)}>
                Cancel
              </button>
            </>
          ) : (
            <CanButton permission="USE_ACCOUNT" className="secondary" onClick={() => setConfirming(true)}>
              Revoke
            </CanButton>
          ))}
        {error && (
          <small className="field-error" role="alert">
            {error}
          </small>
        )}
      </td>
    </tr>
  );
}
