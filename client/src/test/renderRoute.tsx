import { render } from '@testing-library/react';
import { type ReactNode, StrictMode } from 'react';
import type { OperationDescriptor } from 'relay-runtime';
import { createMockEnvironment } from 'relay-test-utils';
import { AuthSession } from '../auth/authSession';
import { Link, Router } from '../routing/Router';
import { routes } from '../routing/routes';
import { AuthContext } from '../auth/useAuth';

export const DATE = '2026-01-02T03:04:05.000Z';

export const operationName = (operation: OperationDescriptor) => operation.request.node.params.name;

/**
 * The real router and routes at `pathname`, on a relay-test-utils environment (resolve each
 * operation by hand), signed in. A "Feed" link outside the page stands for the navigation.
 */
export function renderAt(pathname: string, options: { withNav?: boolean; strict?: boolean } = {}) {
  window.history.pushState(null, '', pathname);
  const environment = createMockEnvironment();
  const auth = new AuthSession(async () => {
    throw new Error('no network in component tests');
  });
  auth.signIn('token');
  const chrome = (outlet: ReactNode) =>
    options.withNav ? (
      <>
        <nav>
          <Link href="/">Feed</Link>
        </nav>
        {outlet}
      </>
    ) : (
      outlet
    );
  const app = (
    <AuthContext value={auth}>
      <Router routes={routes} getEnvironment={() => environment} subscribe={() => () => {}}>
        {chrome}
      </Router>
    </AuthContext>
  );
  // strict: as main.tsx renders it, effects run twice in development.
  const view = render(options.strict ? <StrictMode>{app}</StrictMode> : app);
  return { environment, auth, ...view };
}
