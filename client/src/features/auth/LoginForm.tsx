import { useId, useState } from 'react';
import { CurrentPasswordField, EmailField } from '../../shared/CredentialFields';
import { ErrorMessage } from '../../shared/ErrorMessage';
import { useFormSubmit } from '../../shared/useFormSubmit';
import { useSignIn } from './useSignIn';

export function LoginForm({ notice }: { notice?: string }) {
  const ids = useId();
  const [signIn, signingIn] = useSignIn();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { error, fail, submitWith } = useFormSubmit();

  const onSubmit = submitWith(() => signIn(email, password, fail));

  return (
    <form className="form" onSubmit={onSubmit} aria-labelledby={`${ids}-heading`}>
      <h1 id={`${ids}-heading`}>Sign in</h1>
      {notice && <p role="status">{notice}</p>}
      <EmailField id={`${ids}-email`} label="Email" value={email} onChange={setEmail} />
      <CurrentPasswordField id={`${ids}-password`} label="Password" value={password} onChange={setPassword} />
      {error && <ErrorMessage error={error} />}
      <button type="submit" className="primary" disabled={signingIn}>
        {signingIn ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
