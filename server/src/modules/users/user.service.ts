import type DataLoader from 'dataloader';
import { RESPONSE_SCOPES, type PublicAnswers } from '../../platform/cache/response-cache';
import { AppError } from '../../platform/errors/app-error';
import { byIdLoader, type LoaderRegistry } from '../../platform/graphql/context';
import type { UserRepository } from './user.repository';
import type { UserRecord } from './user.types';

/** Reads of users for other features; batching through a per-request DataLoader. */
export class UserService {
  constructor(
    private readonly users: UserRepository,
    private readonly publicAnswers: PublicAnswers,
  ) {}

  loader(loaders: LoaderRegistry): DataLoader<string, UserRecord | null> {
    return byIdLoader(loaders, 'users.byId', (ids) => this.users.findByIds(ids));
  }

  byId(id: string, loaders: LoaderRegistry): Promise<UserRecord | null> {
    return this.loader(loaders).load(id);
  }

  /** Renames a user; every cached public answer that showed a display name goes at once. */
  async changeDisplayName(userId: string, displayName: string): Promise<UserRecord> {
    const name = displayName.trim();
    if (name.length < 1 || name.length > 80) {
      throw new AppError('BAD_USER_INPUT', 'Invalid displayName: must be 1-80 characters.', {
        details: { displayName: ['must be 1-80 characters'] },
      });
    }
    const user = await this.users.updateDisplayName(userId, name);
    if (!user) throw new AppError('NOT_FOUND', 'No such user.');
    await this.publicAnswers.invalidate([RESPONSE_SCOPES.users, RESPONSE_SCOPES.lists]);
    return user;
  }
}
