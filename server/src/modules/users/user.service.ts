import type DataLoader from 'dataloader';
import { RESPONSE_SCOPES, type PublicAnswers } from '../../platform/cache/response-cache';
import { AppError } from '../../platform/errors/app-error';
import { byIdLoader, type LoaderRegistry } from '../../platform/request-scope/loader-registry';
import type { UserRepository } from './user.repository';
import { parseInput } from '../../platform/validation/parse-input';
import type { UserRecord } from './user.record';
import { userCommands } from './user.validation';

/** Reads of users for other features (batching through a per-request DataLoader), and profile changes. */
export class UserService {
  constructor(
    private readonly users: UserRepository,
    private readonly publicAnswers: PublicAnswers,
  ) {}

  /** One function for every request's loader (a page asks for it once per post). */
  private readonly findByIds = (ids: readonly string[]) => this.users.findByIds(ids);

  loader(loaders: LoaderRegistry): DataLoader<string, UserRecord | null> {
    return byIdLoader(loaders, 'users.byId', this.findByIds);
  }

  byId(id: string, loaders: LoaderRegistry): Promise<UserRecord | null> {
    return this.loader(loaders).load(id);
  }

  /** Users by id, in one batch with every other look-up of the request; null for one that is gone. */
  async byIds(ids: readonly string[], loaders: LoaderRegistry): Promise<(UserRecord | null)[]> {
    const users = await this.loader(loaders).loadMany(ids);
    for (const user of users) if (user instanceof Error) throw user;
    return users as (UserRecord | null)[];
  }

  /** Renames a user; every cached public answer that showed a display name goes at once. */
  async changeDisplayName(userId: string, displayName: unknown): Promise<UserRecord> {
    const input = parseInput(userCommands.updateProfile, { displayName });
    const user = await this.users.updateDisplayName(userId, input.displayName);
    if (!user) throw new AppError('NOT_FOUND', 'No such user.');
    await this.publicAnswers.invalidate([RESPONSE_SCOPES.users, RESPONSE_SCOPES.lists]);
    return user;
  }
}
