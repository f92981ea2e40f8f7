import { Link } from '../routing/Router';

export function SignInPrompt({ what }: { what: string }) {
  return (
    <section>
      <h1>Sign in required</h1>
      <p>
        <Link href="/login">Sign in</Link> to {what}.
      </p>
    </section>
  );
}
