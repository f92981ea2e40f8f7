import { type FormEvent, useId, useState } from 'react';
import { toClientError } from '../../relay/ClientError';
import { useRouter } from '../../routing/Router';
import { ErrorMessage } from '../../shared/ErrorMessage';
import { FieldError } from '../../shared/FieldError';
import { useAuthSession } from '../../auth/useAuth';
import { useLoginMutation } from './useLoginMutation';
import { useRegisterMutation } from './useRegisterMutation';

/** Creates the account, then signs in with the same credentials. */
export function RegisterForm() {
  const ids = useId();
  const auth = useAuthSession();
  const { navigate } = useRouter();
  const [register, registering] = useRegisterMutation();
  const [login, loggingIn] = useLoginMutation();
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<Error | null>(null);
  const fieldErrors = error ? toClientError(error).fieldErrors : undefined;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    register({
      email,
      password,
      displayName: displayName.trim() || undefined,
      onCompleted: () =>
        login({
          email,
          password,
          onCompleted: (accessToken) => {
            auth.signIn(accessToken);
            navigate('/', { replace: true });
          },
          onError: setError,
        }),
      onError: setError,
    });
  };

  return (
    <form className="form" onSubmit={onSubmit} aria-labelledby={`${ids}-heading`}>
      <h1 id={`${ids}-heading`}>Create an account</h1>
      <div className="field">
        <label htmlFor={`${ids}-name`}>Display name (optional)</label>
        <input
          id={`${ids}-name`}
          autoComplete="nickname"
          value={displayName}
          onChange={(e) => setDisplayName(e.target.value)}
          aria-describedby={`${ids}-name-error`}
        />
        <FieldError id={`${ids}-name-error`} messages={fieldErrors?.displayName} />
      </div>
      <div className="field">
        <label htmlFor={`${ids}-email`}>Email</label>
        <input
          id={`${ids}-email`}
          type="email"
          autoComplete="email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          aria-describedby={`${ids}-email-error`}
        />
        <FieldError id={`${ids}-email-error`} messages={fieldErrors?.email} />
      </div>
      <div className="field">
        <label htmlFor={`${ids}-password`}>Password</label>
        <input
          id={`${ids}-password`}
          type="password"
          autoComplete="new-password"
          required
          minLength={8}
          maxLength={128}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          aria-describedby={`${ids}-password-hint ${ids}-password-error`}
        />
        <p id={`${ids}-password-hint`} className="meta">
          8 to 128 characters.
        </p>
        <FieldError id={`${ids}-password-error`} messages={fieldErrors?.password} />
      </div>
      {error && <ErrorMessage error={error} />}
      <button type="submit" className="primary" disabled={registering || loggingIn}>
        Create account
      </button>
    </form>
  );
}
