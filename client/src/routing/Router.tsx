import {
  type AnchorHTMLAttributes,
  type MouseEvent,
  type ReactNode,
  Suspense,
  createContext,
  useCallback,
  useContext,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { RelayEnvironmentProvider } from 'react-relay';
import type { IEnvironment } from 'relay-runtime';
import { ErrorBoundary } from '../shared/ErrorBoundary';
import { Spinner } from '../shared/Spinner';
import { type RouteParams, matchPath } from './matchPath';
import { type Blocker, BlockerSet } from './blocking';
import { ScrollMemory } from './scrollMemory';
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
  /** True once the user has moved within the app (not on the page the browser loaded). */
  readonly navigated: boolean;
  /** `unblocked`: the page that asked to block has nothing left to lose (it just saved). */
  /** False when a blocker kept the page (the writer chose to stay). */
  navigate(to: string, options?: { replace?: boolean; unblocked?: boolean }): boolean;
  /** Starts a route's code and data before the click (hover, focus, touch). */
  preload(to: string): void;
  /** Registers a check that may stop navigation away (unsaved changes); returns its removal. */
  block(blocker: Blocker): () => void;
}

/** How long a route prepared on intent waits for its navigation before its queries are released. */
const PRELOAD_TTL_MS = 30_000;

/** The position of an entry in this tab's history, kept in history.state. */
interface HistoryState {
  readonly key: string;
  readonly index: number;
}

const historyState = (): HistoryState | null => {
  const state = window.history.state as Partial<HistoryState> | null;
  return state && typeof state.key === 'string' && typeof state.index === 'number'
    ? { key: state.key, index: state.index }
    : null;
};
const newHistoryKey = () => Math.random().toString(36).slice(2, 10);

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
  const [firstKey] = useState(entry.key);
  const current = useRef(entry);
  useEffect(() => {
    current.current = entry;
  }, [entry]);

  const [blockers] = useState(() => new BlockerSet());
  const [scroll] = useState(() => new ScrollMemory());
  const preloaded = useRef(new Map<string, { entry: Entry; timer: ReturnType<typeof setTimeout> }>());

  /** A prepared entry for `pathname`: the one started on intent when it is still fresh, else a new one. */
  const take = useCallback(
    (pathname: string) => {
      const environment = getEnvironment();
      const early = preloaded.current.get(pathname);
      preloaded.current.delete(pathname);
      if (early) clearTimeout(early.timer);
      if (early && early.entry.environment === environment) return { ...early.entry, key: nextKey++ };
      if (early) dispose(early.entry);
      return prepare(routes, pathname, environment);
    },
    [routes, getEnvironment],
  );

  const go = useCallback((pathname: string) => setEntry(take(pathname)), [take]);

  // The identity changed under the current page: load it again for the new one. (A sign-in
  // followed by a navigation has already prepared the next page with the new environment.)
  useEffect(
    () =>
      subscribe(() => {
        if (current.current.environment !== getEnvironment()) go(window.location.pathname);
      }),
    [subscribe, getEnvironment, go],
  );

  // Every history entry gets a key and an index, so that scroll positions are kept per entry
  // and a blocked Back/Forward can be undone by the same distance.
  const position = useRef<HistoryState>(historyState() ?? { key: newHistoryKey(), index: 0 });
  useEffect(() => {
    if (!historyState()) window.history.replaceState(position.current, '');
    return scroll.install(() => position.current.key);
  }, [scroll]);

  useEffect(() => {
    let undoing = false;
    const onPop = () => {
      if (undoing) {
        undoing = false;
        return;
      }
      const target = historyState();
      // An in-page anchor (#section) moved: the page stays as it is.
      if (window.location.pathname === current.current.pathname) {
        if (target) position.current = target;
        return;
      }
      // Back/Forward already happened in the browser; when the page says stay, go back to where
      // we were (by the distance between the two entries' indexes).
      if (target && !blockers.allow()) {
        undoing = true;
        window.history.go(position.current.index - target.index);
        return;
      }
      position.current = target ?? { key: newHistoryKey(), index: position.current.index };
      go(window.location.pathname);
    };
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, [go, blockers]);

  // Closing the tab or reloading with unsaved changes: the browser's own prompt.
  useEffect(() => {
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (!blockers.active()) return;
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [blockers]);

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
    const early = preloaded.current;
    return () => {
      for (const { entry: unused, timer } of early.values()) {
        clearTimeout(timer);
        dispose(unused);
      }
      early.clear();
    };
  }, []);

  // A layout effect: it runs before the passive effects of the pages, so a page that knows a
  // better title (a post's) sets it after this default.
  useLayoutEffect(() => {
    document.title = entry.route ? `${entry.route.title} · Inkwell` : 'Not found · Inkwell';
  }, [entry]);

  // Back/Forward returns to where the reader was on that entry; a new entry starts at the top.
  useEffect(() => scroll.restore(position.current.key), [entry, scroll]);

  const navigate = useCallback(
    (to: string, options: { replace?: boolean; unblocked?: boolean } = {}) => {
      const target = new URL(to, window.location.href);
      if (!options.unblocked && !blockers.allow()) return false;
      scroll.save(position.current.key);
      position.current = options.replace
        ? { key: newHistoryKey(), index: position.current.index }
        : { key: newHistoryKey(), index: position.current.index + 1 };
      if (options.replace) window.history.replaceState(position.current, '', target);
      else window.history.pushState(position.current, '', target);
      go(target.pathname);
      return true;
    },
    [go, blockers, scroll],
  );

  const preload = useCallback(
    (to: string) => {
      const target = new URL(to, window.location.href);
      if (target.origin !== window.location.origin || preloaded.current.has(target.pathname)) return;
      if (target.pathname === current.current.pathname) return;
      const early = prepare(routes, target.pathname, getEnvironment());
      const timer = setTimeout(() => {
        preloaded.current.delete(target.pathname);
        dispose(early);
      }, PRELOAD_TTL_MS);
      preloaded.current.set(target.pathname, { entry: early, timer });
    },
    [routes, getEnvironment],
  );

  const block = useCallback((blocker: Blocker) => blockers.add(blocker), [blockers]);

  const navigated = entry.key !== firstKey;
  const value = useMemo(
    () => ({ pathname: entry.pathname, navigated, navigate, preload, block }),
    [entry.pathname, navigated, navigate, preload, block],
  );
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

/**
 * While `when` holds, leaving the page (a link, Back/Forward, closing or reloading the tab)
 * asks first. `message` is what the in-app question says; browsers word their own prompt.
 */
export function useBlocker(when: boolean, message: string): void {
  const { block } = useRouter();
  useEffect(() => {
    if (!when) return;
    return block({ active: () => true, confirm: () => window.confirm(message) });
  }, [when, message, block]);
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

/**
 * An anchor that navigates in-app on a plain click and behaves like a link otherwise. Pointing
 * at it, focusing it or touching it starts the target route's code and data (intent).
 */
export function Link({ href, children, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const { navigate, preload } = useRouter();
  const intent = () => preload(href);
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    rest.onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    navigate(href);
  };
  return (
    <a {...rest} href={href} onClick={onClick} onMouseEnter={intent} onFocus={intent} onTouchStart={intent}>
      {children}
    </a>
  );
}
