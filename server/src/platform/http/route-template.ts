import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';

const ROUTE = Symbol('inkwell.route');

type RoutedRequest = IncomingMessage & {
  route?: { path?: unknown };
  baseUrl?: string;
  [ROUTE]?: string;
};

/**
 * Names the route of handlers mounted with `app.use` (GraphQL, the static client), which
 * express does not record as a route, so metrics and logs get a template, never a raw path.
 */
export const namedRoute =
  (template: string): RequestHandler =>
  (req, _res, next) => {
    (req as RoutedRequest)[ROUTE] = template;
    next();
  };

/** The matched route template (`/api/v1/posts/`), a named mount, or undefined when none matched. */
export function routeTemplate(req: IncomingMessage): string | undefined {
  const routed = req as RoutedRequest;
  if (typeof routed.route?.path === 'string') return `${routed.baseUrl ?? ''}${routed.route.path}`;
  return routed[ROUTE];
}
