import { AccountResolver } from './account/account.resolver';
import { PostStatsResolver } from './analytics/post-stats.resolver';
import { AuthResolver } from './auth/auth.resolver';
import { ViewerResolver } from './auth/viewer.resolver';
import { CredentialsResolver, UserEmailVerifiedResolver } from './credentials/credentials.resolver';
import { FeatureFlagResolver } from './feature-flags/feature-flag.resolver';
import { UserPostsResolver, ViewerPostsResolver } from './posts/post-lists.resolver';
import { PersonalAccessTokenResolver } from './personal-access-tokens/personal-access-token.resolver';
import { PostResolver } from './posts/post.resolver';
import { SessionMutationsResolver, ViewerSessionsResolver } from './sessions/session.resolver';
import { UserResolver } from './users/user.resolver';

/** Every feature's GraphQL resolvers, in one list for the schema builder. */
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
