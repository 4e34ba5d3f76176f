import { useEffect, useState, type FormEvent } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useMutation } from 'urql';
import { useTitle } from '../app/useTitle';
import { FormMessage, TextField } from '../ui/Field';
import { sentence } from '../ui/format';
import { returnPath } from './RequireAuth';
import { LoginDocument, type LoginMutation } from '../graphql/shared/auth.generated';
import { useSessionState, useSessionStore } from './SessionContext';

type LoginFailure = Exclude<LoginMutation['login'], { __typename: 'LoginSuccess' }>;

/** Username and password → an access token; each failure of the `LoginResult` union says what to do. */
export function LoginPage() {
  useTitle('Log in');
  const session = useSessionStore();
  const { token, notice } = useSessionState();
  const location = useLocation();
  const [{ fetching }, login] = useMutation(LoginDocument);
  const [failure, setFailure] = useState<LoginFailure | null>(null);
  const [retryAt, setRetryAt] = useState<number | null>(null);
  const secondsLeft = useSecondsUntil(retryAt);

  if (token) return <Navigate to={returnPath(location.state)} replace />;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const username = String(form.get('username') ?? '').trim();
    const password = String(form.get('password') ?? '');
    setFailure(null);
    const result = await login({ username, password });
    const outcome = result.data?.login;
    if (!outcome) return; // network or unexpected error: the app's toast shows it
    switch (outcome.__typename) {
      case 'LoginSuccess':
        session.start(outcome.accessToken, outcome.expiresAt); // then <Navigate> above takes over
        return;
      case 'LoginRateLimitedError':
        setRetryAt(Date.now() + outcome.retryAfterSeconds * 1000);
        setFailure(outcome);
        return;
      case 'InvalidCredentialsError':
      case 'AccountDisabledError':
        setFailure(outcome);
        return;
    }
  }

  const waiting = secondsLeft > 0;
  return (
    <main className="login" id="main">
      <form className="card login-card" onSubmit={onSubmit} aria-labelledby="login-title" noValidate>
        <p className="brand">Labelloop</p>
        <h1 id="login-title">Log in</h1>
        {notice && !failure && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
        <TextField label="Username" name="username" autoComplete="username" required autoFocus />
        <TextField label="Password" name="password" type="password" autoComplete="current-password" required />
        <FormMessage error={failure ? failureText(failure) : null} />
        <button type="submit" disabled={fetching || waiting}>
          {fetching ? 'Logging in…' : waiting ? `Try again in ${secondsLeft} s` : 'Log in'}
        </button>
      </form>
    </main>
  );
}

/** Each failure's own message; the rate limit's live countdown is on the button. */
function failureText(failure: LoginFailure): string {
  switch (failure.__typename) {
    case 'LoginRateLimitedError':
    case 'InvalidCredentialsError':
    case 'AccountDisabledError':
      return `${sentence(failure.message)}.`;
  }
}

/** Whole seconds until `deadline` (epoch ms), ticking every second; 0 when passed or null. */
function useSecondsUntil(deadline: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (deadline === null) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [deadline]);
  return deadline === null ? 0 : Math.max(0, Math.ceil((deadline - now) / 1000));
}
