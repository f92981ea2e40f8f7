import { useId, useState } from 'react';
import { useAuthSession } from '../../auth/useAuth';
import { useRouter } from '../../routing/Router';
import { CurrentPasswordField } from '../../shared/CredentialFields';
import { ErrorMessage } from '../../shared/ErrorMessage';
import { useFormSubmit } from '../../shared/useFormSubmit';
import { accountDeletedHref } from './accountDeleted';
import { useDeleteAccountMutation } from './useDeleteAccountMutation';

/** "Delete my account": a warning, and a button that opens the confirmation. */
export function DeleteAccount() {
  const ids = useId();
  const [confirming, setConfirming] = useState(false);
  return (
    <section aria-labelledby={`${ids}-heading`}>
      <h2 id={`${ids}-heading`}>Delete your account</h2>
      <p>
        Your posts disappear at once and every device is signed out. Changed your mind? Sign in again within the grace
        period and everything comes back. After it, your account and all your posts are deleted for good. You may want
        to download your data first.
      </p>
      {confirming ? (
        <ConfirmDeletion onCancel={() => setConfirming(false)} />
      ) : (
        <button type="button" className="danger" onClick={() => setConfirming(true)}>
          Delete my account…
        </button>
      )}
    </section>
  );
}

/**
 * The password again, then the deletion. On success the server has already ended every
 * session; this tab moves to the goodbye page (which says until when signing in undoes it) and
 * signs out, clearing the refresh cookie. Cancelling unmounts it: nothing typed is kept.
 */
function ConfirmDeletion({ onCancel }: { onCancel: () => void }) {
  const ids = useId();
  const auth = useAuthSession();
  const { navigate } = useRouter();
  const [deleteAccount, deleting] = useDeleteAccountMutation();
  const [password, setPassword] = useState('');
  const { error, fail, errorsFor, submitWith } = useFormSubmit();

  const onSubmit = submitWith(() =>
    deleteAccount({
      password,
      onCompleted: (purgeAfter) => {
        navigate(accountDeletedHref(purgeAfter), { replace: true, unblocked: true });
        // The server revoked this session already; logout clears the cookie and the local state.
        auth.logout('local').catch(() => {});
      },
      onError: fail,
    }),
  );
  const passwordErrors = errorsFor('password');

  return (
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
      <CurrentPasswordField
        id={`${ids}-password`}
        label="Your password"
        value={password}
        onChange={setPassword}
        errors={passwordErrors}
        autoFocus
        aria-invalid={passwordErrors.length > 0 ? true : undefined}
      />
      {error && <ErrorMessage error={error} />}
      <div className="actions">
        <button type="submit" className="danger" disabled={deleting}>
          {deleting ? 'Deleting…' : 'Yes, delete my account'}
        </button>
        <button type="button" disabled={deleting} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
