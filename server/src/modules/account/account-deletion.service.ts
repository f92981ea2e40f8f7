import { z } from 'zod';
import type { Logger } from 'pino';
import { RESPONSE_SCOPES, type PublicAnswers } from '../../platform/cache/response-cache';
import type { Config } from '../../platform/config';
import { AppError } from '../../platform/errors/app-error';
import type { Principal } from '../../platform/request-scope/principal';
import type { RateLimiter } from '../../platform/rate-limit/rate-limiter';
import { parseInput } from '../../platform/validation/parse-input';
import type { Transact } from '../../platform/db/transaction';
import type { AuthStateChanges } from '../auth/auth-state';
import { verifyPassword } from '../auth/password';
import type { UserRepository } from '../users/user.repository';
import { authStateOf } from '../users/user.record';
import type { AccountService } from './account-admin.service';

const deleteCommand = z.object({ password: z.string().min(1, 'is required').max(512, 'is too long') });

/**
 * "Delete my account": the password again, then the same soft delete an operator's delete-user
 * does (tokens and sessions die at once, posts disappear from every list). For TRASH_RETENTION
 * the owner can undo it by signing in; then the maintenance job purges the account and all
 * that belongs to it.
 */
export class AccountDeletionService {
  constructor(
    private readonly deps: {
      config: Config;
      logger: Logger;
      transact: Transact;
      users: UserRepository;
      authState: AuthStateChanges;
      accounts: AccountService;
      rateLimiter: RateLimiter;
      publicAnswers: PublicAnswers;
    },
  ) {}

  async deleteOwn(principal: Principal, input: unknown): Promise<{ revokedSessions: number; purgeAfter: Date }> {
    const { config, users, accounts, rateLimiter } = this.deps;
    const { password } = parseInput(deleteCommand, input);
    await rateLimiter.consume(
      { name: 'account-delete', max: 5, windowSeconds: 900 },
      { ip: '*', subject: principal.userId },
    );
    const user = await users.findByIdWithPassword(principal.userId);
    if (!user) throw new AppError('UNAUTHENTICATED', 'Sign in again.');
    if (!(await verifyPassword(user.passwordHash, password))) {
      throw new AppError('BAD_USER_INPUT', 'The password is not correct.', {
        details: { password: ['is not correct'] },
      });
    }
    const { revokedSessions } = await accounts.deleteUser(user.email);
    // After the delete committed: a crash in between leaves it deleted and not restorable (safe).
    await users.markDeletedByOwner(user.id);
    this.deps.logger.info({ event: 'account.deleted_by_owner', user_id: user.id }, 'account deleted by its owner');
    return { revokedSessions, purgeAfter: new Date(Date.now() + config.jobs.trashRetentionSeconds * 1000) };
  }

  /**
   * Before a sign-in: an account its owner deleted within the grace period comes back when the
   * right password is given. Anything else changes nothing (the sign-in then fails as usual).
   */
  async restoreOnSignIn(email: string, password: string): Promise<void> {
    const { config, transact, users, authState } = this.deps;
    const since = new Date(Date.now() - config.jobs.trashRetentionSeconds * 1000);
    const user = await users.findDeletedWithPassword(email, since);
    if (!user || !(await verifyPassword(user.passwordHash, password))) return;
    const expected = { ...authStateOf(user), authVersion: user.authVersion + 1, deleted: false };
    await authState.publishChange(user.id, expected, () =>
      transact(async (trx) => {
        await users.lock(user.id, trx);
        const restored = await users.restore(user.id, trx);
        return { state: authStateOf(restored), result: restored };
      }),
    );
    // The account's posts are back in public lists: cached answers without them go stale.
    await this.deps.publicAnswers.invalidate([RESPONSE_SCOPES.users, RESPONSE_SCOPES.lists]);
    this.deps.logger.info({ event: 'account.restored', user_id: user.id }, 'deleted account restored by signing in');
  }
}
