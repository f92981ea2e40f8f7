import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Clock } from '../../platform/clock';
import type { Config } from '../../platform/config';
import { withSavepoint, type Transact, type Transaction } from '../../platform/db/transaction';
import type { JobContext } from '../../platform/jobs/job.types';
import type { Outbox } from '../../platform/jobs/outbox';
import { AppError } from '../../platform/errors/app-error';
import type { Principal } from '../../platform/request-scope/principal';
import { NO_METRICS, type Metrics } from '../../platform/observability/metrics';
import type { RateLimiter, RateRule } from '../../platform/rate-limit/rate-limiter';
import { parseInput } from '../../platform/validation/parse-input';
import type { AuthStateChanges } from '../auth/auth-state';
import type { AuthService, IssuedTokens } from '../auth/auth.service';
import type { LoginThrottle } from '../auth/login-throttle';
import { hashPassword, verifyPassword } from '../auth/password';
import type { MailService } from '../mail/mail.service';
import type { SessionService } from '../sessions/session.service';
import type { UserRepository } from '../users/user.repository';
import { authStateOf, type UserRecord } from '../users/user.record';
import { credentialsCommands } from './credentials.validation';
import type { EmailTokenPurpose, EmailTokenRepository } from './email-token.repository';

export const RESET_TOKEN_TTL_MINUTES = 30;
export const PASSWORD_RESET_JOB = 'credentials.password-reset';
export const VERIFY_TOKEN_TTL_HOURS = 72;

const INVALID_TOKEN = 'This link is invalid or has expired. Ask for a new one.';

/** Where a request comes from, as the transport saw it. */
export interface Requester {
  readonly ip: string;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
/** Per-email buckets hold a hash: an address never sits in Redis. */
const emailSubject = (email: string) => createHash('sha256').update(email.trim().toLowerCase()).digest('base64url');

/** Is a feature on? Implemented by the feature-flags module. */
export interface FeatureGate {
  isEnabled(key: string): Promise<boolean>;
}

/**
 * What a user does with their credentials, for both doors (REST and GraphQL: the same rules,
 * limits and codes): register (with a verification mail), verify the address, change the
 * password, forget and reset it, and hear about sign-ins from new devices. Mail goes through the
 * outbox, in the transaction of the change that causes it. Sessions and tokens are AuthService's:
 * a password change asks it for this device's fresh pair.
 */
export class CredentialsService {
  private readonly metrics: Metrics;

  constructor(
    private readonly deps: {
      config: Config;
      logger: Logger;
      transact: Transact;
      users: UserRepository;
      tokens: EmailTokenRepository;
      sessions: SessionService;
      /** The session lifecycle, for the pair a password change hands back. */
      auth: Pick<AuthService, 'restartChain' | 'issueTokens'>;
      authState: AuthStateChanges;
      throttle: LoginThrottle;
      features: FeatureGate;
      mail: MailService;
      outbox: Outbox;
      rateLimiter: RateLimiter;
      clock: Clock;
      metrics?: Metrics;
    },
  ) {
    this.metrics = deps.metrics ?? NO_METRICS;
  }

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
  async register(input: unknown): Promise<UserRecord> {
    const { transact, users, mail, features } = this.deps;
    const { email, password, displayName: given } = parseInput(credentialsCommands.register, input);
    if (!(await features.isEnabled('registration'))) {
      throw new AppError('FORBIDDEN', 'Registration is closed.');
    }
    const displayName = given ?? email.split('@')[0]!;
    const passwordHash = await hashPassword(password);
    const user = await transact(async (trx) => {
      // A savepoint: a duplicate email aborts only it, not the transaction the owner's mail goes in.
      const created = await withSavepoint(trx, async (savepoint) => {
        const user = await users.create({ email, displayName, passwordHash }, savepoint);
        if (!user) throw DUPLICATE;
        return user;
      }).catch((error: unknown) => {
        if (error === DUPLICATE) return null;
        throw error;
      });
      if (created) {
        const token = await this.issueToken(created.id, 'verify_email', VERIFY_TOKEN_TTL_HOURS * 60, trx);
        await mail.queue(trx, created.email, 'verifyEmail', { displayName: created.displayName, token });
        return created;
      }
      const owner = await this.deps.tokens.accountByEmail(email, trx);
      if (owner) await mail.queue(trx, owner.email, 'registrationAttempt', { displayName: owner.displayName });
      const now = this.now();
      return {
        id: randomUUID(),
        email,
        displayName,
        role: 'author',
        tokenVersion: 1,
        authVersion: 1,
        createdAt: now,
        updatedAt: now,
        deletedAt: null,
      } satisfies UserRecord;
    });
    this.metrics.authEvent('register');
    return user;
  }

  /**
   * Changes the password: bumps token_version (older access and refresh tokens die on their next
   * use, on every replica), revokes every other session, and hands this device a fresh pair.
   */
  async changePassword(principal: Principal, input: unknown): Promise<IssuedTokens> {
    const { transact, users, sessions, throttle, authState, auth } = this.deps;
    const { currentPassword, newPassword } = parseInput(credentialsCommands.changePassword, input);
    const user = await users.findByIdWithPassword(principal.userId);
    if (!user) throw new AppError('UNAUTHENTICATED', 'Sign in again.');
    // A signed-in session guesses against its own budget: failures elsewhere cannot block it.
    const failureKey = await throttle.beforeAttempt(
      { sessionId: principal.sessionId },
      'Too many failed attempts. Try again later.',
    );
    if (!(await verifyPassword(user.passwordHash, currentPassword))) {
      throw new AppError('BAD_USER_INPUT', 'The current password is not correct.', {
        details: { currentPassword: ['is not correct'] },
      });
    }
    await throttle.succeeded(failureKey);
    const passwordHash = await hashPassword(newPassword);
    const expected = { ...authStateOf(user), authVersion: user.authVersion + 1, tokenVersion: user.tokenVersion + 1 };
    const { updated, session, refreshJti } = await authState.publishChange(user.id, expected, () =>
      transact(async (trx) => {
        await users.lock(user.id, trx);
        const changed = await users.changePassword(user.id, passwordHash, trx);
        // Listed under the lock, so a login racing this change is revoked too.
        const others = (await sessions.listLive(user.id, trx)).filter((session) => session.id !== principal.sessionId);
        await sessions.revokeRecords(others, 'password_changed', trx);
        const current = await auth.restartChain(principal.sessionId, trx);
        return { state: authStateOf(changed), result: { updated: changed, ...current } };
      }),
    );
    this.metrics.authEvent('password_changed');
    return auth.issueTokens(updated, session, refreshJti);
  }

  /**
   * Accepted for any address, doing the same work for each: the limits, then one outbox row in
   * one transaction. Whether the address has an account is decided by the worker
   * (`sendPasswordReset`), off the request path, so neither the answer nor its timing can tell
   * (bench/forgot-password.bench.ts compares the two).
   */
  async requestPasswordReset(input: unknown, requester: Requester): Promise<true> {
    const { config, transact, outbox } = this.deps;
    const { email } = parseInput(credentialsCommands.requestPasswordReset, input);
    await this.limit({ name: 'password-forgot', ...config.rateLimits.passwordForgot }, requester.ip);
    await this.limit(
      { name: 'password-forgot-email', ...config.rateLimits.passwordForgotEmail },
      '*',
      emailSubject(email),
    );
    await transact((trx) => outbox.add(trx, { queue: 'mail', name: PASSWORD_RESET_JOB, payload: { email } }));
    return true;
  }

  /**
   * The `credentials.password-reset` job: a reset link (a token and its mail, in one
   * transaction) for an address with an account; nothing for one without.
   */
  async sendPasswordReset(data: Record<string, unknown>, context: JobContext): Promise<'sent' | 'no account'> {
    const { transact, tokens, mail } = this.deps;
    if (typeof data.email !== 'string') throw new Error(`malformed password reset job ${context.id}`);
    const email = data.email;
    return transact(async (trx) => {
      const account = await tokens.accountByEmail(email, trx);
      if (!account) return 'no account';
      const token = await this.issueToken(account.id, 'reset_password', RESET_TOKEN_TTL_MINUTES, trx);
      await mail.queue(trx, account.email, 'resetPassword', {
        displayName: account.displayName,
        token,
        minutes: RESET_TOKEN_TTL_MINUTES,
      });
      return 'sent';
    });
  }

  /**
   * Sets a new password from a reset link: uses the token (once), kills every other reset token,
   * bumps token_version and revokes every session. Like changePassword, the next auth state is
   * published to Redis first and withdrawn if the change does not commit (publishChange).
   */
  async resetPassword(input: unknown, requester: Requester): Promise<number> {
    const { config, transact, users, tokens, sessions, authState } = this.deps;
    const { token, newPassword } = parseInput(credentialsCommands.resetPassword, input);
    await this.limit({ name: 'email-token', ...config.rateLimits.emailToken }, requester.ip);
    const tokenHash = sha256(token);
    const userId = await tokens.peek('reset_password', tokenHash, this.now());
    const [user] = userId ? await users.findByIds([userId]) : [];
    if (!userId || !user) throw new AppError('INVALID_TOKEN', INVALID_TOKEN);
    const passwordHash = await hashPassword(newPassword);
    const expected = { ...authStateOf(user), authVersion: user.authVersion + 1, tokenVersion: user.tokenVersion + 1 };
    const outcome = await authState.publishChange(userId, expected, () =>
      transact(async (trx) => {
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
    const { config, transact, users, tokens } = this.deps;
    const { token } = parseInput(credentialsCommands.verifyEmail, input);
    await this.limit({ name: 'email-token', ...config.rateLimits.emailToken }, requester.ip);
    const userId = await transact(async (trx) => {
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
    const { config, transact, tokens, mail } = this.deps;
    await this.limit({ name: 'verify-resend', ...config.rateLimits.verifyResend }, requester.ip, userId);
    await transact(async (trx) => {
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
    trx: Transaction,
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
    trx: Transaction,
  ): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(this.now().getTime() + ttlMinutes * 60_000);
    await this.deps.tokens.create({ userId, purpose, tokenHash: sha256(token), expiresAt }, trx);
    return token;
  }
}

const DUPLICATE = Symbol('duplicate email');
