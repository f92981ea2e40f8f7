import type { ReactNode } from 'react';
import { Link, useRouter } from '../routing/Router';
import { useAuthSession, useAuthState } from '../auth/useAuth';

export function Layout({ children }: { children: ReactNode }) {
  const auth = useAuthSession();
  const { status, notice } = useAuthState();
  const { pathname, navigate } = useRouter();
  const current = (href: string) => (pathname === href ? 'page' : undefined);
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <nav aria-label="Main">
          <Link className="brand" href="/">
            Inkwell
          </Link>
          <ul>
            <li>
              <Link href="/" aria-current={current('/')}>
                Feed
              </Link>
            </li>
            {status === 'signedIn' ? (
              <>
                <li>
                  <Link href="/write" aria-current={current('/write')}>
                    Write
                  </Link>
                </li>
                <li>
                  <Link href="/me/posts" aria-current={current('/me/posts')}>
                    Your posts
                  </Link>
                </li>
                <li>
                  <Link href="/account" aria-current={current('/account')}>
                    Account
                  </Link>
                </li>
                <li>
                  <button
                    type="button"
                    className="link"
                    onClick={() => {
                      // Leaving an editor with unsaved changes asks first; staying keeps the session.
                      if (navigate('/')) auth.logout('local').catch(() => {});
                    }}
                  >
                    Sign out
                  </button>
                </li>
              </>
            ) : status === 'signedOut' ? (
              <>
                <li>
                  <Link href="/login" aria-current={current('/login')}>
                    Sign in
                  </Link>
                </li>
                <li>
                  <Link href="/register" aria-current={current('/register')}>
                    Register
                  </Link>
                </li>
              </>
            ) : null}
          </ul>
        </nav>
      </header>
      {notice && (
        <div className="notice notice--warn" role="alert">
          <span>{notice}</span> {status === 'signedOut' && <Link href="/login">Sign in again</Link>}{' '}
          <button type="button" className="link" onClick={() => auth.dismissNotice()}>
            Dismiss
          </button>
        </div>
      )}
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
