import { type ComponentType, type LazyExoticComponent, lazy } from 'react';

/**
 * A lazily imported route component whose download can start before React renders it
 * (React.lazy alone starts on first render). Both share one cached import.
 */
export interface Resource<P> {
  load(): Promise<ComponentType<P>>;
  readonly Component: LazyExoticComponent<ComponentType<P>>;
}

export function resource<P>(loader: () => Promise<ComponentType<P>>): Resource<P> {
  let promise: Promise<ComponentType<P>> | null = null;
  const load = () => {
    promise ??= loader().catch((error: unknown) => {
      promise = null; // a failed chunk download may succeed on the next navigation
      throw error;
    });
    return promise;
  };
  return { load, Component: lazy(() => load().then((component) => ({ default: component }))) };
}
