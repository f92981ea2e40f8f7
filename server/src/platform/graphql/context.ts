import DataLoader from 'dataloader';
import type { Request, Response } from 'express';
import type { RequestContext } from '../observability/request-context';
import type { AppServices } from '../../services';
import type { AppError } from '../errors/app-error';

/** Who is calling, once auth has checked the access token. */
export interface Viewer {
  readonly userId: string;
  readonly sessionId: string;
  readonly role: 'author' | 'admin';
  /**
   * false when the credential may not read the user's private posts (drafts, trash): a personal
   * access token without READ_POSTS. Absent (a session): it may.
   */
  readonly readsPrivatePosts?: boolean;
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

/**
 * The per-request by-id loader every feature needs: one batched read per tick, results in the
 * order asked, null where a row is missing (or filtered out by `fetch`).
 */
export function byIdLoader<T extends { id: string }>(
  loaders: LoaderRegistry,
  name: string,
  fetch: (ids: readonly string[]) => Promise<T[]>,
): DataLoader<string, T | null> {
  return loaders.get(
    name,
    () =>
      new DataLoader<string, T | null>(async (ids) => {
        const byId = new Map((await fetch(ids)).map((row) => [row.id, row]));
        return ids.map((id) => byId.get(id) ?? null);
      }),
  );
}

export interface GraphQLContext {
  readonly requestId: string;
  readonly request: RequestContext;
  readonly req: Request;
  readonly res: Response;
  viewer: Viewer | null;
  /** The Bearer token as sent, for operations that accept a revoked session (logout). */
  readonly accessToken: string | undefined;
  /**
   * Why a sent token was not accepted (expired, revoked, store down). Anonymous fields still
   * work; anything that needs the viewer throws this instead of a generic UNAUTHENTICATED.
   */
  readonly authError: AppError | undefined;
  readonly loaders: LoaderRegistry;
  readonly services: AppServices;
}
