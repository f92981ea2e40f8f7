import { useCallback, useRef } from 'react';
import type { Environment } from 'relay-runtime';
import type { AuthSession } from './auth/authSession';
import { createEnvironment } from './relay/environment';
import { Router } from './routing/Router';
import { routes } from './routing/routes';
import { Layout } from './shared/Layout';
import { AuthContext, useAuthStateOf } from './auth/useAuth';

/** The app shell: the session, one Relay environment per identity, the router, the layout. */
export function App({ auth }: { auth: AuthSession }) {
  // Re-render on every sign-in or sign-out, so the router sees the new environment.
  useAuthStateOf(auth);
  const current = useRef<{ epoch: number; environment: Environment } | null>(null);
  const getEnvironment = useCallback(() => {
    // Read the epoch from the session itself: a sign-in followed at once by a navigation must
    // prepare the next page with the new identity's environment, before React re-renders.
    const now = auth.getSnapshot().epoch;
    if (current.current?.epoch !== now) current.current = { epoch: now, environment: createEnvironment(auth) };
    return current.current.environment;
  }, [auth]);
  return (
    <AuthContext value={auth}>
      <Router routes={routes} getEnvironment={getEnvironment} subscribe={auth.subscribe}>
        {(outlet) => <Layout>{outlet}</Layout>}
      </Router>
    </AuthContext>
  );
}
