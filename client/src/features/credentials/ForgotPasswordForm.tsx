import { type FormEvent, useId, useState } from 'react';
import { ErrorMessage } from '../../shared/ErrorMessage';
import { useRequestPasswordResetMutation } from './useRequestPasswordResetMutation';

export function ForgotPasswordForm() {
  const ids = useId();
  const [request, requesting] = useRequestPasswordResetMutation();
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<Error | null>(null);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    request({ email, onCompleted: () => setSent(true), onError: setError });
  };

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
      {error && <ErrorMessage error={error} />}
      <button type="submit" className="primary" disabled={requesting}>
        {requesting ? 'Sending…' : 'Send reset link'}
      </button>
    </form>
  );
}
