import { type FormEvent, useId, useState } from 'react';
import { Link } from '../../routing/Router';
import { ErrorMessage } from '../../shared/ErrorMessage';
import { useResetPasswordMutation } from './useResetPasswordMutation';

export function ResetPasswordForm({ token }: { token: string }) {
  const ids = useId();
  const [reset, resetting] = useResetPasswordMutation();
  const [newPassword, setNewPassword] = useState('');
  const [done, setDone] = useState(false);
  const [error, setError] = useState<Error | null>(null);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    reset({ token, newPassword, onCompleted: () => setDone(true), onError: setError });
  };

  if (done) {
    return (
      <div role="status">
        <h1>Password changed</h1>
        <p>
          Every device was signed out. <Link href="/login">Sign in</Link> with your new password.
        </p>
      </div>
    );
  }
  return (
    <form className="form" onSubmit={onSubmit} aria-labelledby={`${ids}-heading`}>
      <h1 id={`${ids}-heading`}>Choose a new password</h1>
      <div className="field">
        <label htmlFor={`${ids}-password`}>New password</label>
        <input
          id={`${ids}-password`}
          type="password"
          autoComplete="new-password"
          minLength={8}
          maxLength={128}
          required
          value={newPassword}
          onChange={(e) => setNewPassword(e.target.value)}
        />
      </div>
      {error && <ErrorMessage error={error} />}
      <button type="submit" className="primary" disabled={resetting || !token}>
        {resetting ? 'Saving…' : 'Set new password'}
      </button>
      {!token && <p role="alert">This link has no token. Ask for a new one.</p>}
    </form>
  );
}
