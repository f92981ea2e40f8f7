import { type PreloadedQuery, graphql, usePreloadedQuery } from 'react-relay';
import type { RegisterRouteQuery } from '../__generated__/RegisterRouteQuery.graphql';
import { RegisterForm } from '../features/auth/RegisterForm';
import { Link } from '../routing/Router';
import type { RouteProps } from '../routing/types';

export const registerRouteQuery = graphql`
  query RegisterRouteQuery {
    featureFlags {
      key
      enabled
    }
  }
`;

export function RegisterRoute({ queries }: RouteProps<{ register: PreloadedQuery<RegisterRouteQuery> }>) {
  const data = usePreloadedQuery<RegisterRouteQuery>(registerRouteQuery, queries.register);
  const open = data.featureFlags.find((flag) => flag.key === 'registration')?.enabled ?? true;
  return (
    <section className="narrow">
      {open ? (
        <RegisterForm />
      ) : (
        <>
          <h1>Registration is closed</h1>
          <p>New accounts cannot be created at the moment.</p>
        </>
      )}
      <p>
        Already have an account? <Link href="/login">Sign in</Link>.
      </p>
    </section>
  );
}
