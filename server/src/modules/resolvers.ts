import { AuthResolver } from './auth/auth.resolver';
import { ViewerResolver } from './auth/viewer.resolver';
import { SessionMutationsResolver, ViewerSessionsResolver } from './sessions/session.resolver';

/** Every feature's GraphQL resolvers, in one list for the schema builder. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const resolvers: Function[] = [AuthResolver, ViewerResolver, ViewerSessionsResolver, SessionMutationsResolver];
