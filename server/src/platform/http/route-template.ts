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
 * The one way a request learns its route, for the access log and the metrics alike. Installed
 * first: it records the template when express matches a route, because `req.baseUrl` is the
 * router's mount path only at that moment (express restores it when an error leaves the
 * router), so `/api/v1/posts` + `/:slug` is read then, not when the response finishes.
 */
export const trackRoute: RequestHandler = (req, _res, next) => {
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
  next();
};

/**
 * Names the route of handlers mounted with `app.use` (GraphQL, the static client), which
 * express does not record as a route, so metrics and logs get a name, never a raw path. Put it
 * before the body is read, so a request refused there is named like every other to the mount.
 */
export const namedRoute =
  (name: string): RequestHandler =>
  (req, _res, next) => {
    (req as RoutedRequest)[NAMED] = name;
    next();
  };

/** The template of the route express matched (`/api/v1/posts/:slug`), if any. */
export function matchedRoute(req: IncomingMessage): string | undefined {
  const routed = req as RoutedRequest;
  if (routed[MATCHED] !== undefined) return routed[MATCHED];
  return typeof routed.route?.path === 'string' ? `${routed.baseUrl ?? ''}${routed.route.path}` : undefined;
}

/**
 * The route a finished response counts under: the matched template, else the mount's name;
 * undefined when neither (a 404 from a named mount, such as the static client's fallthrough,
 * matched nothing either).
 */
export function routeOf(req: IncomingMessage, statusCode: number): string | undefined {
  const matched = matchedRoute(req);
  if (matched !== undefined || statusCode === 404) return matched;
  return (req as RoutedRequest)[NAMED];
}
