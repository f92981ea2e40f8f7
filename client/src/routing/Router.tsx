import {
  type AnchorHTMLAttributes,
  type MouseEvent,
  type ReactNode,
  Suspense,
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { RelayEnvironmentProvider } from 'react-relay';
import type { IEnvironment } from 'relay-runtime';
import { ErrorBoundary } from '../shared/ErrorBoundary';
import { Spinner } from '../shared/Spinner';
import { type RouteParams, matchPath } from './matchPath';
import type { PreparedQueries, RouteDefinition } from './types';

interface Entry {
  readonly key: number;
  readonly environment: IEnvironment;
  readonly pathname: string;
  readonly route: RouteDefinition | null;
  readonly params: RouteParams;
  readonly queries: PreparedQueries;
}

interface RouterValue {
  readonly pathname: string;
  navigate(to: string, options?: { replace?: boolean }): void;
}

const RouterContext = createContext<RouterValue | null>(null);

export function useRouter(): RouterValue {
  const value = useContext(RouterContext);
  if (!value) throw new Error('useRouter outside <Router>');
  return value;
}

let nextKey = 0;
function prepare(routes: readonly RouteDefinition[], pathname: string, environment: IEnvironment): Entry {
  for (const route of routes) {
    const params = matchPath(route.path, pathname);
    if (params) {
      // Code and data start together, before the first render of the route.
      void route.component.load().catch(() => {});
      const queries = route.prepare(params, environment);
      return { key: nextKey++, environment, pathname, route, params, queries };
    }
  }
  return { key: nextKey++, environment, pathname, route: null, params: {}, queries: {} };
}

function dispose(entry: Entry) {
  for (const query of Object.values(entry.queries)) query.dispose();
}

/**
 * A small router in the shape of relay-examples' issue-tracker: matching a URL prepares the
 * route (its lazy component and its loadQuery calls), then renders it inside Suspense and an
 * error boundary. A new environment (sign-in, sign-out) prepares the current URL again.
 */
export function Router({
  routes,
  getEnvironment,
  subscribe,
  children,
}: {
  routes: readonly RouteDefinition[];
  /** The environment of the current identity (a new one after sign-in or sign-out). */
  getEnvironment: () => IEnvironment;
  /** Called when the identity, hence the environment, may have changed. */
  subscribe: (listener: () => void) => () => void;
  children: (outlet: ReactNode) => ReactNode;
}) {
  const [entry, setEntry] = useState(() => prepare(routes, window.location.pathname, getEnvironment()));
  const current = useRef(entry);
  useEffect(() => {
    current.current = entry;
  }, [entry]);

  const go = useCallback(
    (pathname: string) => setEntry(prepare(routes, pathname, getEnvironment())),
    [routes, getEnvironment],
  );

  // The identity changed under the current page: load it again for the new one. (A sign-in
  // followed by a navigation has already prepared the next page with the new environment.)
  useEffect(
    () =>
      subscribe(() => {
        if (current.current.environment !== getEnvironment()) go(window.location.pathname);
      }),
    [subscribe, getEnvironment, go],
  );

  useEffect(() => {
    const onPop = () => go(window.location.pathname);
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, [go]);

  // Release the previous route's queries once the next one is on screen. Deferred, so that
  // StrictMode's mount → unmount → mount of the same entry does not dispose live queries.
  const pendingDispose = useRef<{ entry: Entry; timer: ReturnType<typeof setTimeout> } | null>(null);
  useEffect(() => {
    if (pendingDispose.current?.entry === entry) clearTimeout(pendingDispose.current.timer);
    return () => {
      pendingDispose.current = { entry, timer: setTimeout(() => dispose(entry), 0) };
    };
  }, [entry]);

  useEffect(() => {
    document.title = entry.route ? `${entry.route.title} · Inkwell` : 'Not found · Inkwell';
  }, [entry]);

  const navigate = useCallback(
    (to: string, options: { replace?: boolean } = {}) => {
      const target = new URL(to, window.location.href);
      if (options.replace) window.history.replaceState(null, '', target);
      else window.history.pushState(null, '', target);
      window.scrollTo?.(0, 0);
      go(target.pathname);
    },
    [go],
  );

  const value = useMemo(() => ({ pathname: entry.pathname, navigate }), [entry.pathname, navigate]);
  const outlet = (
    <ErrorBoundary key={entry.key} onRetry={() => go(entry.pathname)}>
      <Suspense fallback={<Spinner />}>
        <RouteOutlet entry={entry} />
      </Suspense>
    </ErrorBoundary>
  );
  return (
    <RouterContext value={value}>
      <RelayEnvironmentProvider environment={entry.environment}>{children(outlet)}</RelayEnvironmentProvider>
    </RouterContext>
  );
}

function RouteOutlet({ entry }: { entry: Entry }) {
  if (!entry.route) return <NotFound />;
  const { Component } = entry.route.component;
  return <Component params={entry.params} queries={entry.queries} />;
}

function NotFound() {
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        <Link href="/">Back to the feed</Link>
      </p>
    </section>
  );
}

/** An anchor that navigates in-app on a plain click and behaves like a link otherwise. */
export function Link({ href, children, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const { navigate } = useRouter();
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    rest.onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    navigate(href);
  };
  return (
    <a {...rest} href={href} onClick={onClick}>
      {children}
    </a>
  );
}
