import DataLoader from 'dataloader';

/**
 * Per-request DataLoaders, created lazily by name. Loaders never outlive a request,
 * so one caller's cached rows are never served to another.
 */
export class LoaderRegistry {
  private readonly loaders = new Map<string, unknown>();

  /** The loader of this name, if this request made one. */
  find<T>(name: string): T | undefined {
    return this.loaders.get(name) as T | undefined;
  }

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
  // Looked up first: a feed page asks for its authors' loader once per post, and the factory
  // below would be a new closure on every one of those calls.
  const existing = loaders.find<DataLoader<string, T | null>>(name);
  if (existing) return existing;
  return loaders.get(
    name,
    () =>
      new DataLoader<string, T | null>(async (ids) => {
        const byId = new Map((await fetch(ids)).map((row) => [row.id, row]));
        return ids.map((id) => byId.get(id) ?? null);
      }),
  );
}
