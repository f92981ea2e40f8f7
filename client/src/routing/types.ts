import type { IEnvironment } from 'relay-runtime';
import type { PreloadedQuery } from 'react-relay';
import type { RouteParams } from './matchPath';
import type { Resource } from './resource';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each route narrows its own queries
export type PreparedQueries = Record<string, PreloadedQuery<any>>;

export interface RouteProps<Q extends PreparedQueries = PreparedQueries> {
  readonly params: RouteParams;
  readonly queries: Q;
}

export interface RouteDefinition {
  readonly path: string;
  readonly title: string;
  readonly component: Resource<RouteProps>;
  /** Starts the route's queries (loadQuery) before anything renders. */
  readonly prepare: (params: RouteParams, environment: IEnvironment) => PreparedQueries;
}
