import DataLoader from 'dataloader';
import type { LoaderRegistry } from '../../platform/graphql/context';
import type { UserRepository } from './user.repository';
import type { UserRecord } from './user.types';

/** Reads of users for other features; batching through a per-request DataLoader. */
export class UserService {
  constructor(private readonly users: UserRepository) {}

  loader(loaders: LoaderRegistry): DataLoader<string, UserRecord | null> {
    return loaders.get(
      'users.byId',
      () =>
        new DataLoader<string, UserRecord | null>(async (ids) => {
          const rows = await this.users.findByIds(ids);
          const byId = new Map(rows.map((row) => [row.id, row]));
          return ids.map((id) => byId.get(id) ?? null);
        }),
    );
  }

  byId(id: string, loaders: LoaderRegistry): Promise<UserRecord | null> {
    return this.loader(loaders).load(id);
  }
}
