import { type FormEvent, useId, useState } from 'react';
import { toClientError } from '../../relay/ClientError';
import { useRouter } from '../../routing/Router';
import { ErrorMessage } from '../../shared/ErrorMessage';
import { FieldError } from '../../shared/FieldError';
import { useAuthSession } from '../../shared/useAuth';
import { accountDeletedHref } from './accountDeleted';
import { useDeleteAccountMutation } from './useDeleteAccountMutation';

/**
 * "Delete my account": a button that opens a confirmation asking for the password again. On
 * success the server has already ended every session; this tab moves to the goodbye page
 * (which says until when signing in undoes it) and signs out, clearing the refresh cookie.
 */
export function DeleteAccount() {
  const ids = useId();
  const auth = useAuthSession();
  const { navigate } = useRouter();
  const [deleteAccount, deleting] = useDeleteAccountMutation();
  const [confirming, setConfirming] = useState(false);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<Error | null>(null);
  const fieldErrors = error ? toClientError(error).fieldErrors : undefined;

  const cancel = () => {
    setConfirming(false);
    setPassword('');
    setError(null);
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    deleteAccount({
      password,
      onCompleted: (purgeAfter) => {
        navigate(accountDeletedHref(purgeAfter), { replace: true, unblocked: true });
        // The server revoked this session already; logout clears the cookie and the local state.
        auth.logout('local').catch(() => {});
      },
      onError: setError,
    });
  };

  return (
    <section aria-labelledby={`${ids}-heading`}>
      <h2 id={`${ids}-heading`}>Delete your account</h2>
      <p>
        Your posts disappear at once and every device is signed out. Changed your mind? Sign in again within the grace
        period and everything comes back. After it, your account and all your posts are deleted for good. You may want
        to download your data first.
      </p>
      {!confirming ? (
        <button type="button" className="danger" onClick={() => setConfirming(true)}>
          Delete my account…
        </button>
      ) : (
        <form
          className="form confirm"
          role="alertdialog"
          aria-labelledby={`${ids}-question`}
          aria-describedby={`${ids}-warning`}
          onSubmit={onSubmit}
        >
          <p id={`${ids}-question`}>
            <strong>Delete your account?</strong>
          </p>
          <p id={`${ids}-warning`}>Enter your password to confirm. You will be signed out everywhere.</p>
          <div className="field">
            <label htmlFor={`${ids}-password`}>Your password</label>
            <input
              id={`${ids}-password`}
              type="password"
              autoComplete="current-password"
              required
              autoFocus
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              aria-describedby={`${ids}-password-error`}
              aria-invalid={fieldErrors?.password ? true : undefined}
            />
            <FieldError id={`${ids}-password-error`} messages={fieldErrors?.password} />
          </div>
          {error && <ErrorMessage error={error} />}
          <div className="actions">
            <button type="submit" className="danger" disabled={deleting}>
              {deleting ? 'Deleting…' : 'Yes, delete my account'}
            </button>
            <button type="button" disabled={deleting} onClick={cancel}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
