import { ForgotPasswordForm } from '../features/credentials/ForgotPasswordForm';
import { Link } from '../routing/Router';

export function ForgotPasswordRoute() {
  return (
    <section className="narrow">
      <ForgotPasswordForm />
      <p>
        Remembered it? <Link href="/login">Sign in</Link>.
      </p>
    </section>
  );
}
