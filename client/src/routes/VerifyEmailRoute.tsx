import { VerifyEmailResult } from '../features/credentials/VerifyEmailResult';

/** `/verify-email?token=…`, the link in a verification mail. */
export function VerifyEmailRoute() {
  const token = new URLSearchParams(window.location.search).get('token') ?? '';
  return (
    <section className="narrow">
      <VerifyEmailResult token={token} />
    </section>
  );
}
