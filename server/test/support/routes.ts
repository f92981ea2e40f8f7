import type { Express } from 'express';

export interface RouteInfo {
  readonly method: string;
  /** The template as express matches it (`/api/v1/posts/:slug`). */
  readonly path: string;
  /** `route`: an express route; `mount`: a handler mounted on a path as middleware (GraphQL, a prefix's middleware). */
  readonly kind: 'route' | 'mount';
}

interface Layer {
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  rawPath?: unknown;
}

const join = (prefix: string, path: string) => `${prefix}${path === '/' ? '' : path}` || '/';

/**
 * Every route the app serves, read from express's own router (routes, nested routers, and
 * endpoints mounted as middleware such as GraphQL, which answer GET and POST). A route added
 * later is listed without anyone touching the tests that walk this list.
 */
export function listRoutes(app: Express): RouteInfo[] {
  const found = new Map<string, RouteInfo>();
  const add = (method: string, path: string, kind: RouteInfo['kind']) =>
    found.set(`${method} ${path}`, { method, path, kind });
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      const raw = typeof layer.rawPath === 'string' ? layer.rawPath : undefined;
      if (layer.route) {
        if (typeof layer.route.path !== 'string') continue; // a regex route (the SPA fallback)
        for (const method of Object.keys(layer.route.methods)) {
          if (method !== '_all') add(method.toUpperCase(), join(prefix, layer.route.path), 'route');
        }
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack, raw && raw !== '/' ? join(prefix, raw) : prefix);
      } else if (raw && raw !== '/') {
        add('GET', join(prefix, raw), 'mount');
        add('POST', join(prefix, raw), 'mount');
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return [...found.values()].sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
}
