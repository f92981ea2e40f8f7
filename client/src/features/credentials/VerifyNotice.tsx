import { useState } from 'react';
import { ErrorMessage } from '../../shared/ErrorMessage';
import { useResendVerificationEmailMutation } from './useResendVerificationEmailMutation';

/** Shown to a signed-in user whose address is not confirmed yet. */
export function VerifyNotice() {
  const [resend, resending] = useResendVerificationEmailMutation();
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  return (
    <div className="notice" role="status">
      <p>Please confirm your email address: we sent you a link when you registered.</p>
      {sent ? (
        <p>A new link is on its way.</p>
      ) : (
        <button
          type="button"
          disabled={resending}
          onClick={() => resend({ onCompleted: () => setSent(true), onError: setError })}
        >
          {resending ? 'Sending…' : 'Send the link again'}
        </button>
      )}
      {error && <ErrorMessage error={error} />}
    </div>
  );
}
