import { type FormEvent, useId, useState } from 'react';
import { useRouter } from '../../routing/Router';
import { ErrorMessage } from '../../shared/ErrorMessage';
import { useAuthSession } from '../../auth/useAuth';
import { useLoginMutation } from './useLoginMutation';

export function LoginForm({ notice }: { notice?: string }) {
  const ids = useId();
  const auth = useAuthSession();
  const { navigate } = useRouter();
  const [login, loggingIn] = useLoginMutation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<Error | null>(null);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    login({
      email,
      password,
      onCompleted: (accessToken) => {
        auth.signIn(accessToken);
        navigate('/', { replace: true });
      },
      onError: setError,
    });
  };

  return (
    <form className="form" onSubmit={onSubmit} aria-labelledby={`${ids}-heading`}>
      <h1 id={`${ids}-heading`}>Sign in</h1>
      {notice && <p role="status">{notice}</p>}
      <div className="field">
        <label htmlFor={`${ids}-email`}>Email</label>
        <input
          id={`${ids}-email`}
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${ids}-password`}>Password</label>
        <input
          id={`${ids}-password`}
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </div>
      {error && <ErrorMessage error={error} />}
      <button type="submit" className="primary" disabled={loggingIn}>
        {loggingIn ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
