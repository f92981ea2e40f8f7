import type { Request, Response } from 'express';
import type { RequestContext } from '../observability/request-context';
import type { AppServices } from '../../services';

/** Who is calling, once auth has checked the access token. */
export interface Viewer {
  readonly userId: string;
  readonly sessionId: string;
  readonly role: 'author' | 'admin';
}

/**
 * Per-request DataLoaders, created lazily by name. Loaders never outlive a request,
 * so one caller's cached rows are never served to another.
 */
export class LoaderRegistry {
  private readonly loaders = new Map<string, unknown>();

  get<T>(name: string, create: () => T): T {
    let loader = this.loaders.get(name) as T | undefined;
    if (loader === undefined) {
      loader = create();
      this.loaders.set(name, loader);
    }
    return loader;
  }
}

export interface GraphQLContext {
  readonly requestId: string;
  readonly request: RequestContext;
  readonly req: Request;
  readonly res: Response;
  viewer: Viewer | null;
  readonly loaders: LoaderRegistry;
  readonly services: AppServices;
}
