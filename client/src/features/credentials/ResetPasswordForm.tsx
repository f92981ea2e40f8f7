import { useId, useState } from 'react';
import { Link } from '../../routing/Router';
import { NewPasswordField } from '../../shared/CredentialFields';
import { ErrorMessage } from '../../shared/ErrorMessage';
import { useFormSubmit } from '../../shared/useFormSubmit';
import { useResetPasswordMutation } from './useResetPasswordMutation';

export function ResetPasswordForm({ token }: { token: string }) {
  const ids = useId();
  const [reset, resetting] = useResetPasswordMutation();
  const [newPassword, setNewPassword] = useState('');
  const [done, setDone] = useState(false);
  const { error, fail, submitWith } = useFormSubmit();

  const onSubmit = submitWith(() => reset({ token, newPassword, onCompleted: () => setDone(true), onError: fail }));

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
      <NewPasswordField id={`${ids}-password`} label="New password" value={newPassword} onChange={setNewPassword} />
      {error && <ErrorMessage error={error} />}
      <button type="submit" className="primary" disabled={resetting || !token}>
        {resetting ? 'Saving…' : 'Set new password'}
      </button>
      {!token && <p role="alert">This link has no token. Ask for a new one.</p>}
    </form>
  );
}
