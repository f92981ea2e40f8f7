import { useEffect, useRef, useState } from 'react';
import { Link } from '../../routing/Router';
import { ErrorMessage } from '../../shared/ErrorMessage';
import { useVerifyEmailMutation } from './useVerifyEmailMutation';

/** Confirms the address as soon as the page opens (the token is single use). */
export function VerifyEmailResult({ token }: { token: string }) {
  const [verify] = useVerifyEmailMutation();
  const [state, setState] = useState<'pending' | 'done' | Error>('pending');

  // Once per token: the token is single use, and a second request (StrictMode runs effects twice
  // in development) would fail and replace the success with "this link did not work".
  const sent = useRef<string | null>(null);
  useEffect(() => {
    if (!token || sent.current === token) return;
    sent.current = token;
    verify({ token, onCompleted: () => setState('done'), onError: setState });
  }, [token, verify]);

  if (!token || state instanceof Error) {
    return (
      <>
        <h1>This link did not work</h1>
        {state instanceof Error && <ErrorMessage error={state} />}
        <p>
          Ask for a new one from <Link href="/account">your account</Link>.
        </p>
      </>
    );
  }
  if (state === 'pending') return <p role="status">Confirming your address…</p>;
  return (
    <div role="status">
      <h1>Address confirmed</h1>
      <p>
        Thank you. Back to <Link href="/">the latest posts</Link>.
      </p>
    </div>
  );
}
