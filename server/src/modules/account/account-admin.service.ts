import { z } from 'zod';
import { RESPONSE_SCOPES, type PublicAnswers } from '../../platform/cache/response-cache';
import type { Transact, Transaction } from '../../platform/db/transaction';
import { AppError } from '../../platform/errors/app-error';
import { parseInput } from '../../platform/validation/parse-input';
import type { AuthStateChanges } from '../auth/auth-state';
import { hashPassword } from '../auth/password';
import { credentialsCommands } from '../credentials/credentials.validation';
import type { SessionService } from '../sessions/session.service';
import type { UserRepository } from '../users/user.repository';
import { authStateOf, type Role, type UserRecord } from '../users/user.record';

const roleSchema = z.enum(['author', 'admin']);

/**
 * Operators' commands on accounts (`npm run admin`), with the same services and caches as the
 * API: every change of role or account state bumps auth_version and is published to Redis
 * first (as a password change is), so it takes effect on the next request on every replica.
 */
export class AccountService {
  constructor(
    private readonly deps: {
      transact: Transact;
      users: UserRepository;
      sessions: SessionService;
      authState: AuthStateChanges;
      publicAnswers: PublicAnswers;
      /** The user's personal access tokens, ended with the account. */
      tokens: { revokeAllOfUser(userId: string): Promise<number> };
    },
  ) {}

  /** Creates an account with the admin role: how the first admin is made. */
  async createAdmin(input: { email: unknown; password: unknown }): Promise<UserRecord> {
    const { transact, users } = this.deps;
    const { email, password } = parseInput(credentialsCommands.register, input);
    const passwordHash = await hashPassword(password);
    return transact(async (trx) => {
      const created = await users.create({ email, displayName: email.split('@')[0]!, passwordHash }, trx);
      if (!created) {
        throw new AppError(
          'CONFLICT',
          `An account with the email ${email} already exists; use set-role to promote it.`,
        );
      }
      return users.setRole(created.id, 'admin', trx);
    });
  }

  /** Changes the role; the user's tokens stay valid and carry the new role from the next request. */
  async setRole(email: unknown, role: unknown): Promise<{ user: UserRecord; previousRole: Role }> {
    const parsedRole = roleSchema.safeParse(role);
    if (!parsedRole.success) {
      throw new AppError('BAD_USER_INPUT', 'The role must be "author" or "admin".', {
        details: { role: ['must be author or admin'] },
      });
    }
    const user = await this.existing(email);
    if (user.role === parsedRole.data) return { user, previousRole: user.role };
    const expected = { ...authStateOf(user), authVersion: user.authVersion + 1, role: parsedRole.data };
    const updated = await this.change(user, expected, (trx) => this.deps.users.setRole(user.id, parsedRole.data, trx));
    return { user: updated, previousRole: user.role };
  }

  /** Signs the user out everywhere. */
  async revokeSessions(email: unknown): Promise<{ user: UserRecord; revokedSessions: number }> {
    const user = await this.existing(email);
    const revokedSessions = await this.deps.sessions.revokeAllOfUser(user.id, 'revoked_by_admin');
    return { user, revokedSessions };
  }

  /** Soft-deletes the account: its tokens die and its sessions are revoked, on the next request. */
  async deleteUser(email: unknown): Promise<{ user: UserRecord; revokedSessions: number }> {
    const { sessions, users } = this.deps;
    const user = await this.existing(email);
    const expected = {
      ...authStateOf(user),
      authVersion: user.authVersion + 1,
      tokenVersion: user.tokenVersion + 1,
      deleted: true,
    };
    let revokedSessions = 0;
    // Tokens first: should the deletion then fail, the account has lost its tokens, never kept them.
    await this.deps.tokens.revokeAllOfUser(user.id);
    const deleted = await this.change(user, expected, async (trx) => {
      const record = await users.softDelete(user.id, trx);
      revokedSessions = await sessions.revokeAllOfUser(user.id, 'account_deleted', trx);
      return record;
    });
    // Their name and posts leave every cached public answer (the posts' flag follows by trigger).
    await this.deps.publicAnswers.invalidate([RESPONSE_SCOPES.users, RESPONSE_SCOPES.lists]);
    return { user: deleted, revokedSessions };
  }

  private change(
    user: UserRecord,
    expected: ReturnType<typeof authStateOf>,
    apply: (trx: Transaction) => Promise<UserRecord>,
  ): Promise<UserRecord> {
    const { transact, users, authState } = this.deps;
    return authState.publishChange(user.id, expected, () =>
      transact(async (trx) => {
        await users.lock(user.id, trx);
        const updated = await apply(trx);
        return { state: authStateOf(updated), result: updated };
      }),
    );
  }

  /** A live (not deleted) account by email, or a clear error. */
  private async existing(email: unknown): Promise<UserRecord> {
    if (typeof email !== 'string' || !z.email().safeParse(email.trim()).success) {
      throw new AppError('BAD_USER_INPUT', `"${String(email)}" is not an email address.`, {
        details: { email: ['must be an email address'] },
      });
    }
    const user = await this.deps.users.findByEmail(email.trim());
    if (!user || user.deletedAt) throw new AppError('NOT_FOUND', `No account with the email ${email.trim()}.`);
    return user;
  }
}
