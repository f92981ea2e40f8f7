import type { GraphQLHttpContext } from './platform/graphql/context';
import type { NodeContext } from './platform/graphql/node';
import type { RateLimitedContext } from './platform/graphql/rate-limited.decorator';
import type { RequestScope } from './platform/request-scope/request-scope';
import type { AppServices } from './services';

/**
 * The context every resolver gets: the HTTP exchange (platform/graphql), the request scope
 * (principal and loaders, platform/request-scope) and the app's feature services. Defined here,
 * by the app that builds it (app.ts), so the platform stays free of features.
 */
export interface GraphQLContext extends GraphQLHttpContext, RequestScope, NodeContext, RateLimitedContext {
  /** The Bearer token as sent, for operations that accept a revoked session (logout). */
  readonly accessToken: string | undefined;
  readonly services: AppServices;
}
