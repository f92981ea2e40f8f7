import type DataLoader from 'dataloader';
import { byIdLoader, type LoaderRegistry } from '../../platform/graphql/context';
import type { UserRepository } from './user.repository';
import type { UserRecord } from './user.types';

/** Reads of users for other features; batching through a per-request DataLoader. */
export class UserService {
  constructor(private readonly users: UserRepository) {}

  loader(loaders: LoaderRegistry): DataLoader<string, UserRecord | null> {
    return byIdLoader(loaders, 'users.byId', (ids) => this.users.findByIds(ids));
  }

  byId(id: string, loaders: LoaderRegistry): Promise<UserRecord | null> {
    return this.loader(loaders).load(id);
  }
}
