import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';

const NAMED = Symbol('inkwell.namedRoute');
const MATCHED = Symbol('inkwell.matchedRoute');

type RoutedRequest = IncomingMessage & {
  route?: { path?: unknown };
  baseUrl?: string;
  [NAMED]?: string;
  [MATCHED]?: string;
};

/**
 * Records the route template when express matches a route: `req.baseUrl` is the router's mount
 * path only at that moment (express restores it when an error leaves the router), so
 * `/api/v1/posts` + `/:slug` is read then, not when the response finishes.
 */
export function trackRoute(req: IncomingMessage): void {
  const routed = req as RoutedRequest;
  let route = routed.route;
  Object.defineProperty(routed, 'route', {
    configurable: true,
    enumerable: true,
    get: () => route,
    set(value: RoutedRequest['route']) {
      route = value;
      if (typeof value?.path === 'string') routed[MATCHED] = `${routed.baseUrl ?? ''}${value.path}`;
    },
  });
}

/**
 * Names the route of handlers mounted with `app.use` (GraphQL, the static client), which
 * express does not record as a route, so metrics and logs get a template, never a raw path.
 */
export const namedRoute =
  (template: string): RequestHandler =>
  (req, _res, next) => {
    (req as RoutedRequest)[NAMED] = template;
    next();
  };

/** The template of the route express matched (`/api/v1/posts/:slug`), if any. */
export function matchedRoute(req: IncomingMessage): string | undefined {
  const routed = req as RoutedRequest;
  if (routed[MATCHED] !== undefined) return routed[MATCHED];
  return typeof routed.route?.path === 'string' ? `${routed.baseUrl ?? ''}${routed.route.path}` : undefined;
}

/** The matched route template, a named mount, or undefined when neither. */
export function requestRouteTemplate(req: IncomingMessage): string | undefined {
  return matchedRoute(req) ?? (req as RoutedRequest)[NAMED];
}
