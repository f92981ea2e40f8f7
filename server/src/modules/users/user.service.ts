import type DataLoader from 'dataloader';
import { z } from 'zod';
import { RESPONSE_SCOPES, type PublicAnswers } from '../../platform/cache/response-cache';
import { AppError } from '../../platform/errors/app-error';
import { byIdLoader, type LoaderRegistry } from '../../platform/request-scope/loader-registry';
import type { UserRepository } from './user.repository';
import type { UserRecord } from './user.types';

/** The rule for display names, at registration and on every change. */
export const displayNameRule = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(80, 'must be at most 80 characters')
  .refine((name) => !/\p{Cc}/u.test(name), 'must not contain control characters');

/** Reads of users for other features (batching through a per-request DataLoader), and profile changes. */
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
    const parsed = displayNameRule.safeParse(displayName);
    if (!parsed.success) {
      const messages = parsed.error.issues.map((issue) => issue.message);
      throw new AppError('BAD_USER_INPUT', `Invalid display name: ${messages[0]}.`, {
        details: { displayName: messages },
      });
    }
    const user = await this.users.updateDisplayName(userId, parsed.data);
    if (!user) throw new AppError('NOT_FOUND', 'No such user.');
    await this.publicAnswers.invalidate([RESPONSE_SCOPES.users, RESPONSE_SCOPES.lists]);
    return user;
  }
}
