import { AccountResolver } from './modules/account/account.resolver';
import { PostStatsResolver } from './modules/analytics/post-stats.resolver';
import { AuthResolver } from './modules/auth/auth.resolver';
import { ViewerResolver } from './modules/auth/viewer.resolver';
import { CredentialsResolver, UserEmailVerifiedResolver } from './modules/credentials/credentials.resolver';
import { FeatureFlagResolver } from './modules/feature-flags/feature-flag.resolver';
import { UserPostsResolver, ViewerPostsResolver } from './modules/posts/post-lists.resolver';
import { PersonalAccessTokenResolver } from './modules/personal-access-tokens/personal-access-token.resolver';
import { PostResolver } from './modules/posts/post.resolver';
import { SessionMutationsResolver, ViewerSessionsResolver } from './modules/sessions/session.resolver';
import { UserResolver } from './modules/users/user.resolver';

/** Every feature's GraphQL resolvers, in one list for the schema builder (the app layer picks them). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const resolvers: Function[] = [
  AuthResolver,
  ViewerResolver,
  ViewerSessionsResolver,
  SessionMutationsResolver,
  PostResolver,
  UserPostsResolver,
  ViewerPostsResolver,
  FeatureFlagResolver,
  PersonalAccessTokenResolver,
  CredentialsResolver,
  UserEmailVerifiedResolver,
  PostStatsResolver,
  AccountResolver,
  UserResolver,
];
