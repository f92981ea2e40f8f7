import { type PreloadedQuery, graphql, usePreloadedQuery } from 'react-relay';
import type { LoginRouteQuery } from '../__generated__/LoginRouteQuery.graphql';
import { LoginForm } from '../features/auth/LoginForm';
import { Link } from '../routing/Router';
import type { RouteProps } from '../routing/types';

export const loginRouteQuery = graphql`
  query LoginRouteQuery {
    viewer {
      email
    }
    featureFlags {
      key
      enabled
    }
  }
`;

export function LoginRoute({ queries }: RouteProps<{ login: PreloadedQuery<LoginRouteQuery> }>) {
  const data = usePreloadedQuery<LoginRouteQuery>(loginRouteQuery, queries.login);
  const registration = data.featureFlags.find((flag) => flag.key === 'registration')?.enabled ?? true;
  return (
    <section className="narrow">
      <LoginForm notice={data.viewer ? `You are signed in as ${data.viewer.email}.` : undefined} />
      <p>
        <Link href="/forgot-password">Forgot your password?</Link>
      </p>
      {registration && (
        <p>
          New here? <Link href="/register">Create an account</Link>.
        </p>
      )}
    </section>
  );
}
