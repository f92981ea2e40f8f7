import type { Request, Response } from 'express';
import type { RequestContext } from '../observability/request-context';

/**
 * What the GraphQL platform pieces (plugins, executor, telemetry) read from a request's context:
 * the HTTP exchange it came in on. The full context type, with the request scope and the feature
 * services, is the app's (src/graphql-context.ts): the platform knows no feature.
 */
export interface GraphQLHttpContext {
  readonly requestId: string;
  readonly request: RequestContext;
  readonly req: Request;
  readonly res: Response;
}
