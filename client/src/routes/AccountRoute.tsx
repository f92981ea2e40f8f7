import { type PreloadedQuery, graphql, usePreloadedQuery } from 'react-relay';
import type { AccountRouteQuery } from '../__generated__/AccountRouteQuery.graphql';
import { ChangePasswordForm } from '../features/account/ChangePasswordForm';
import { DataExport } from '../features/account/DataExport';
import { DeleteAccount } from '../features/account/DeleteAccount';
import { PersonalAccessTokenList } from '../features/account/PersonalAccessTokenList';
import { DisplayNameForm } from '../features/account/DisplayNameForm';
import { SessionList } from '../features/account/SessionList';
import { VerifyNotice } from '../features/credentials/VerifyNotice';
import type { RouteProps } from '../routing/types';
import { SignInPrompt } from '../shared/SignInPrompt';

export const accountRouteQuery = graphql`
  query AccountRouteQuery {
    viewer {
      email
      user {
        displayName
        emailVerified
        ...DisplayNameForm_user
      }
      ...SessionList_viewer
      ...PersonalAccessTokenList_viewer
    }
  }
`;

export function AccountRoute({ queries }: RouteProps<{ account: PreloadedQuery<AccountRouteQuery> }>) {
  const data = usePreloadedQuery<AccountRouteQuery>(accountRouteQuery, queries.account);
  if (!data.viewer) return <SignInPrompt what="manage your account" />;
  return (
    <section aria-labelledby="account-heading">
      <h1 id="account-heading">Your account</h1>
      <p className="meta">
        {data.viewer.user.displayName} · {data.viewer.email}
      </p>
      {data.viewer.user.emailVerified === false && <VerifyNotice />}
      <DisplayNameForm user={data.viewer.user} />
      <SessionList viewer={data.viewer} />
      <PersonalAccessTokenList viewer={data.viewer} />
      <ChangePasswordForm />
      <DataExport email={data.viewer.email} />
      <DeleteAccount />
    </section>
  );
}
