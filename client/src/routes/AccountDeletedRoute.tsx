import { Link } from '../routing/Router';
import { formatDateTime } from '../shared/formatDate';

/** `/account/deleted?until=…`, where "Delete my account" lands once the account is gone. */
export function AccountDeletedRoute() {
  const until = new URLSearchParams(window.location.search).get('until') ?? '';
  return (
    <section className="narrow" role="status">
      <h1>Your account is deleted</h1>
      <p>Your posts are hidden and every device has been signed out.</p>
      <p>
        Changed your mind? <Link href="/login">Sign in</Link> with your email and password
        {until ? (
          <>
            {' '}
            before <time dateTime={until}>{formatDateTime(until)}</time>
          </>
        ) : (
          ' within the grace period'
        )}{' '}
        and everything comes back. After that, your account and your posts are deleted for good.
      </p>
    </section>
  );
}
