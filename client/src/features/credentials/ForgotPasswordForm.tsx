import { useId, useState } from 'react';
import { EmailField } from '../../shared/CredentialFields';
import { ErrorMessage } from '../../shared/ErrorMessage';
import { useFormSubmit } from '../../shared/useFormSubmit';
import { useRequestPasswordResetMutation } from './useRequestPasswordResetMutation';

export function ForgotPasswordForm() {
  const ids = useId();
  const [request, requesting] = useRequestPasswordResetMutation();
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const { error, fail, submitWith } = useFormSubmit();

  const onSubmit = submitWith(() => request({ email, onCompleted: () => setSent(true), onError: fail }));

  if (sent) {
    return (
      <div role="status">
        <h1>Check your mail</h1>
        <p>If an account uses {email}, a link to choose a new password is on its way. It works once, for 30 minutes.</p>
      </div>
    );
  }
  return (
    <form className="form" onSubmit={onSubmit} aria-labelledby={`${ids}-heading`}>
      <h1 id={`${ids}-heading`}>Forgot your password?</h1>
      <p>Enter your email address and we will send you a link to choose a new one.</p>
      <EmailField id={`${ids}-email`} label="Email" value={email} onChange={setEmail} />
      {error && <ErrorMessage error={error} />}
      <button type="submit" className="primary" disabled={requesting}>
        {requesting ? 'Sending…' : 'Send reset link'}
      </button>
    </form>
  );
}
