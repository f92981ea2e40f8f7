import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Clock } from '../../platform/clock';
import type { Config } from '../../platform/config';
import { AppError } from '../../platform/errors/app-error';
import type { RateLimiter, RateRule } from '../../platform/rate-limit/rate-limiter';
import { parseInput } from '../../platform/validation/parse-input';
import { hashPassword } from '../auth/password';
import type { MailService } from '../mail/mail.service';
import { authStateOf } from '../sessions/revocation.store';
import type { SessionService } from '../sessions/session.service';
import type { UserRepository } from '../users/user.repository';
import type { UserRecord } from '../users/user.record';
import { credentialsCommands } from './credentials.validation';
import type { EmailTokenPurpose, EmailTokenRepository } from './email-token.repository';

export const RESET_TOKEN_TTL_MINUTES = 30;
export const VERIFY_TOKEN_TTL_HOURS = 72;

const INVALID_TOKEN = 'This link is invalid or has expired. Ask for a new one.';

/** Where a request comes from, as the transport saw it. */
export interface Requester {
  readonly ip: string;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
/** Per-email buckets hold a hash: an address never sits in Redis. */
const emailSubject = (email: string) => createHash('sha256').update(email.trim().toLowerCase()).digest('base64url');

/**
 * What a user does with their credentials by mail, for both doors (REST and GraphQL: the same
 * rules, limits and codes): register (with a verification mail), verify the address, forget and
 * reset the password, and hear about sign-ins from new devices. Mail goes through the outbox, in
 * the transaction of the change that causes it.
 */
export class CredentialsService {
  constructor(
    private readonly deps: {
      config: Config;
      logger: Logger;
      db: Knex;
      users: UserRepository;
      tokens: EmailTokenRepository;
      sessions: SessionService;
      mail: MailService;
      rateLimiter: RateLimiter;
      clock: Clock;
    },
  ) {}

  private now(): Date {
    return new Date(this.deps.clock.now());
  }

  private async limit(rule: RateRule, ip: string, subject = ''): Promise<void> {
    await this.deps.rateLimiter.consume(rule, { ip, subject });
  }

  /**
   * Creates an account and mails a verification link. An address that already has an account
   * gets the same answer (a user record that looks new) and its owner gets a mail instead, so
   * registration tells a stranger nothing. Both paths hash the password and write one transaction.
   */
  async register(input: { email: string; password: string; displayName: string | undefined }): Promise<UserRecord> {
    const { db, users, mail } = this.deps;
    const displayName = input.displayName ?? input.email.split('@')[0]!;
    const passwordHash = await hashPassword(input.password);
    return db.transaction(async (trx) => {
      // A savepoint: a duplicate email aborts only it, not the transaction the owner's mail goes in.
      const created = await trx
        .transaction(async (savepoint) => {
          const user = await users.create({ email: input.email, displayName, passwordHash }, savepoint);
          if (!user) throw DUPLICATE;
          return user;
        })
        .catch((error: unknown) => {
          if (error === DUPLICATE) return null;
          throw error;
        });
      if (created) {
        const token = await this.issueToken(created.id, 'verify_email', VERIFY_TOKEN_TTL_HOURS * 60, trx);
        await mail.queue(trx, created.email, 'verifyEmail', { displayName: created.displayName, token });
        return created;
      }
      const owner = await this.deps.tokens.accountByEmail(input.email, trx);
      if (owner) await mail.queue(trx, owner.email, 'registrationAttempt', { displayName: owner.displayName });
      const now = this.now();
      return {
        id: randomUUID(),
        email: input.email,
        displayName,
        role: 'author',
        tokenVersion: 1,
        authVersion: 1,
        createdAt: now,
        updatedAt: now,
        deletedAt: null,
      };
    });
  }

  /**
   * Accepted for any address, in about the same time: a known one gets a reset link (and the
   * write), an unknown one the same reads and an empty transaction.
   */
  async requestPasswordReset(input: unknown, requester: Requester): Promise<true> {
    const { config, db, tokens, mail } = this.deps;
    const { email } = parseInput(credentialsCommands.requestPasswordReset, input);
    await this.limit({ name: 'password-forgot', ...config.rateLimits.passwordForgot }, requester.ip);
    await this.limit(
      { name: 'password-forgot-email', ...config.rateLimits.passwordForgotEmail },
      '*',
      emailSubject(email),
    );
    await db.transaction(async (trx) => {
      const account = await tokens.accountByEmail(email, trx);
      if (!account) return;
      const token = await this.issueToken(account.id, 'reset_password', RESET_TOKEN_TTL_MINUTES, trx);
      await mail.queue(trx, account.email, 'resetPassword', {
        displayName: account.displayName,
        token,
        minutes: RESET_TOKEN_TTL_MINUTES,
      });
    });
    return true;
  }

  /**
   * Sets a new password from a reset link: uses the token (once), kills every other reset token,
   * bumps token_version and revokes every session. Like changePassword, the next auth state is
   * published to Redis first and withdrawn if the change does not commit (publishChange).
   */
  async resetPassword(input: unknown, requester: Requester): Promise<number> {
    const { config, db, users, tokens, sessions } = this.deps;
    const { token, newPassword } = parseInput(credentialsCommands.resetPassword, input);
    await this.limit({ name: 'email-token', ...config.rateLimits.emailToken }, requester.ip);
    const tokenHash = sha256(token);
    const userId = await tokens.peek('reset_password', tokenHash, this.now());
    const [user] = userId ? await users.findByIds([userId]) : [];
    if (!userId || !user) throw new AppError('INVALID_TOKEN', INVALID_TOKEN);
    const passwordHash = await hashPassword(newPassword);
    const expected = { ...authStateOf(user), authVersion: user.authVersion + 1, tokenVersion: user.tokenVersion + 1 };
    const outcome = await sessions.revocations.publishChange(userId, expected, () =>
      db.transaction(async (trx) => {
        await users.lock(userId, trx);
        const now = this.now();
        if (!(await tokens.consume('reset_password', tokenHash, now, trx))) {
          throw new AppError('INVALID_TOKEN', INVALID_TOKEN);
        }
        await tokens.invalidateAll(userId, 'reset_password', now, trx);
        // The link reached the mailbox, so the address is proven too.
        await tokens.markVerified(userId, now, trx);
        const changed = await users.changePassword(userId, passwordHash, trx);
        const live = await sessions.listLive(userId, trx);
        const revoked = await sessions.revokeRecords(live, 'password_changed', trx);
        return { state: authStateOf(changed), result: { revoked: revoked.length } };
      }),
    );
    this.deps.logger.info(
      { event: 'auth.password_reset', user_id: userId, revoked: outcome.revoked },
      'password reset',
    );
    return outcome.revoked;
  }

  async verifyEmail(input: unknown, requester: Requester): Promise<UserRecord> {
    const { config, db, users, tokens } = this.deps;
    const { token } = parseInput(credentialsCommands.verifyEmail, input);
    await this.limit({ name: 'email-token', ...config.rateLimits.emailToken }, requester.ip);
    const userId = await db.transaction(async (trx) => {
      const now = this.now();
      const owner = await tokens.consume('verify_email', sha256(token), now, trx);
      if (owner) await tokens.markVerified(owner, now, trx);
      return owner;
    });
    const [user] = userId ? await users.findByIds([userId]) : [];
    if (!user) throw new AppError('INVALID_TOKEN', INVALID_TOKEN);
    return user;
  }

  /** A fresh verification link for the signed-in user (older links die). Verified: nothing to send. */
  async resendVerificationEmail(userId: string, requester: Requester): Promise<true> {
    const { config, db, tokens, mail } = this.deps;
    await this.limit({ name: 'verify-resend', ...config.rateLimits.verifyResend }, requester.ip, userId);
    await db.transaction(async (trx) => {
      const account = await tokens.accountById(userId, trx);
      if (!account || account.emailVerified) return;
      await tokens.invalidateAll(userId, 'verify_email', this.now(), trx);
      const token = await this.issueToken(userId, 'verify_email', VERIFY_TOKEN_TTL_HOURS * 60, trx);
      await mail.queue(trx, account.email, 'verifyEmail', { displayName: account.displayName, token });
    });
    return true;
  }

  /** Which of these users have verified their address (User.emailVerified, batched). */
  verifiedUserIds(userIds: readonly string[]): Promise<Set<string>> {
    return this.deps.tokens.verifiedUserIds(userIds);
  }

  /**
   * Called in the login transaction, before its session row exists: a device label + address
   * this user never signed in from gets an alert (not the very first sign-in of an account).
   */
  async noteSignIn(
    trx: Knex.Transaction,
    signIn: { userId: string; device: string; ipAddress: string | null },
  ): Promise<void> {
    const { tokens, mail } = this.deps;
    const history = await tokens.signInHistory(signIn.userId, signIn.device, signIn.ipAddress, trx);
    if (!history.any || history.seen) return;
    const account = await tokens.accountById(signIn.userId, trx);
    if (!account) return;
    await mail.queue(trx, account.email, 'signInAlert', {
      displayName: account.displayName,
      device: signIn.device,
      ipAddress: signIn.ipAddress ?? 'an unknown address',
      at: this.now().toISOString(),
    });
  }

  /** Maintenance: used and expired tokens older than a day. */
  purgeTokens(): Promise<number> {
    return this.deps.tokens.purge(new Date(this.now().getTime() - 24 * 3600 * 1000));
  }

  private async issueToken(
    userId: string,
    purpose: EmailTokenPurpose,
    ttlMinutes: number,
    trx: Knex.Transaction,
  ): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(this.now().getTime() + ttlMinutes * 60_000);
    await this.deps.tokens.create({ userId, purpose, tokenHash: sha256(token), expiresAt }, trx);
    return token;
  }
}

const DUPLICATE = Symbol('duplicate email');
