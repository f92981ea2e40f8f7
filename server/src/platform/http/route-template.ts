import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';

const NAMED = Symbol('inkwell.namedRoute');
const MATCHED = Symbol('inkwell.matchedRoute');
const ROUTE = Symbol('inkwell.route');

type RoutedRequest = IncomingMessage & {
  route?: { path?: unknown };
  [ROUTE]?: { path?: unknown };
  baseUrl?: string;
  [NAMED]?: string;
  [MATCHED]?: string;
};

/**
 * The one way a request learns its route, for the access log and the metrics alike: records the
 * route template when express matches a route, because `req.baseUrl` is the router's mount path
 * only at that moment (express restores it when an error leaves the router), so `/api/v1/posts`
 * + `/:slug` is read then, not when the response finishes.
 *
 * The setter is defined once on the app's request prototype (`app.request`, which express gives
 * every request), never per request: an accessor defined on each request object gave each one a
 * map of its own, and every property read on `req` (express, the router, every middleware) went
 * megamorphic — the largest part of what metrics cost a request.
 */
export function trackRoutes(app: { request: object }): void {
  Object.defineProperty(app.request, 'route', {
    configurable: true,
    enumerable: true,
    get(this: RoutedRequest) {
      return this[ROUTE];
    },
    set(this: RoutedRequest, value: RoutedRequest['route']) {
      this[ROUTE] = value;
      if (typeof value?.path === 'string') this[MATCHED] = templateOf(this.baseUrl ?? '', value.path);
    },
  });
}

/**
 * `baseUrl + path`, built once per pair: a route's template is the same string every request.
 * Route paths are the app's own (a fixed set). `baseUrl` is a mount as the caller spelled it,
 * and express matches mounts whatever their case: it is written in lower case, as every mount of
 * the app is declared, so `/API/V1/POSTS/` counts under `/api/v1/posts/` and a caller cannot
 * invent metric series (or grow this memo) by varying the case of a path. No mount has
 * parameters, so nothing else in it varies.
 */
const templates = new Map<string, Map<string, string>>();
function templateOf(baseUrl: string, path: string): string {
  let byPath = templates.get(baseUrl);
  if (!byPath) {
    byPath = new Map();
    if (templates.size < 100) templates.set(baseUrl, byPath);
  }
  let template = byPath.get(path);
  if (template === undefined) {
    template = `${baseUrl.toLowerCase()}${path}`;
    if (byPath.size < 1_000) byPath.set(path, template);
  }
  return template;
}

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

/**
 * The route a finished response counts under: the template express matched (recorded by
 * trackRoutes, `/api/v1/posts/:slug`), else the mount's name; undefined when neither (a 404 from
 * a named mount, such as the static client's fallthrough, matched nothing either).
 */
export function routeOf(req: IncomingMessage, statusCode: number): string | undefined {
  const matched = (req as RoutedRequest)[MATCHED];
  if (matched !== undefined || statusCode === 404) return matched;
  return (req as RoutedRequest)[NAMED];
}
