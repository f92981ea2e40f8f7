import { ResetPasswordForm } from '../features/credentials/ResetPasswordForm';
import { Link } from '../routing/Router';

/** `/reset-password?token=…`, the link in a reset mail. */
export function ResetPasswordRoute() {
  const token = new URLSearchParams(window.location.search).get('token') ?? '';
  return (
    <section className="narrow">
      <ResetPasswordForm token={token} />
      <p>
        Link expired? <Link href="/forgot-password">Ask for a new one</Link>.
      </p>
    </section>
  );
}
