import { type FormEvent, useId, useState } from 'react';
import { toClientError } from '../../relay/ClientError';
import { ErrorMessage } from '../../shared/ErrorMessage';
import { FieldError } from '../../shared/FieldError';
import { useAuthSession } from '../../auth/useAuth';
import { useChangePasswordMutation } from './useChangePasswordMutation';

export function ChangePasswordForm() {
  const ids = useId();
  const auth = useAuthSession();
  const [change, changing] = useChangePasswordMutation();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [error, setError] = useState<Error | null>(null);
  const [done, setDone] = useState(false);
  const fieldErrors = error ? toClientError(error).fieldErrors : undefined;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setDone(false);
    change({
      currentPassword,
      newPassword,
      onCompleted: (accessToken) => {
        auth.signIn(accessToken);
        setCurrent('');
        setNew('');
        setDone(true);
      },
      onError: setError,
    });
  };

  return (
    <section aria-labelledby={`${ids}-heading`}>
      <h2 id={`${ids}-heading`}>Change password</h2>
      <form className="form" onSubmit={onSubmit}>
        <div className="field">
          <label htmlFor={`${ids}-current`}>Current password</label>
          <input
            id={`${ids}-current`}
            type="password"
            autoComplete="current-password"
            required
            value={currentPassword}
            onChange={(e) => setCurrent(e.target.value)}
            aria-describedby={`${ids}-current-error`}
          />
          <FieldError id={`${ids}-current-error`} messages={fieldErrors?.currentPassword} />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-new`}>New password</label>
          <input
            id={`${ids}-new`}
            type="password"
            autoComplete="new-password"
            required
            minLength={8}
            maxLength={128}
            value={newPassword}
            onChange={(e) => setNew(e.target.value)}
            aria-describedby={`${ids}-new-hint ${ids}-new-error`}
          />
          <p id={`${ids}-new-hint`} className="meta">
            8 to 128 characters. Every other device will be signed out.
          </p>
          <FieldError id={`${ids}-new-error`} messages={fieldErrors?.newPassword} />
        </div>
        {error && <ErrorMessage error={error} />}
        <p role="status">{done && 'Password changed. Every other device has been signed out.'}</p>
        <button type="submit" className="primary" disabled={changing}>
          Change password
        </button>
      </form>
    </section>
  );
}
