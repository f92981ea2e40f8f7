import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Config } from '../../platform/config';
import { AppError } from '../../platform/errors/app-error';
import { NO_METRICS, type Metrics } from '../../platform/observability/metrics';
import type { Principal } from '../../platform/request-scope/principal';
import { deviceLabel } from '../sessions/device-label';
import { SESSION_CREDENTIAL } from '../sessions/revocation.repository';
import { authStateOf } from '../sessions/revocation.store';
import type { SessionService } from '../sessions/session.service';
import type { SessionRecord } from '../sessions/session.types';
import type { UserRepository } from '../users/user.repository';
import type { UserRecord } from '../users/user.types';
import { parseAuthInput } from './auth.validation';
import type { RateLimiter } from '../../platform/rate-limit/rate-limiter';
import { authLimits } from './auth.limits';
import type { LoginThrottle } from './login-throttle';
import { hashPassword, verifyPassword } from './password';
import { hashJti, type AccessClaims, type TokenService } from './token.service';
import type { Clock } from '../../platform/clock';

/** Where a request comes from, as the transport saw it. */
export interface ClientMeta {
  ip: string;
  userAgent: string | undefined;
  /** The device cookie this client sent, if any (see LoginThrottle). */
  deviceCookie?: string;
}

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  session: SessionRecord;
  /** The user, when this call already had it; a refresh leaves it to callers that need it. */
  user: UserRecord | null;
  /** After a sign-in with a password: the device cookie to (re)issue to this client. */
  deviceCookie?: string;
}

export type LogoutScope = 'local' | 'others' | 'global';

const INVALID_CREDENTIALS = 'Invalid email or password.';

/**
 * Account creation and the sign-in side effects that send mail, implemented by the credentials
 * module (register answers alike for a taken address; a new device gets an alert).
 */
export interface AccountHooks {
  register(input: { email: string; password: string; displayName: string | undefined }): Promise<UserRecord>;
  /** Runs in the login transaction, before the new session row exists. */
  noteSignIn(
    trx: Knex.Transaction,
    signIn: { userId: string; device: string; ipAddress: string | null },
  ): Promise<void>;
  /** Before the password check: an account its owner deleted within the grace period comes back. */
  beforeSignIn(email: string, password: string): Promise<void>;
}

/** Is a feature on? Implemented by the feature-flags module. */
export interface FeatureGate {
  isEnabled(key: string): Promise<boolean>;
}

/**
 * The auth lifecycle, shared by both doors (REST /api/v1/auth and GraphQL): same rules and
 * codes. Per-address rate limits sit in front of both doors (auth.limits.ts) with shared
 * buckets; the per-account failure limit is here, because only here is a failure known.
 */
export class AuthService {
  constructor(
    private readonly deps: {
      config: Config;
      logger: Logger;
      db: Knex;
      users: UserRepository;
      sessions: SessionService;
      tokens: TokenService;
      throttle: LoginThrottle;
      rateLimiter: RateLimiter;
      features: FeatureGate;
      credentialHooks: AccountHooks;
      clock: Clock;
      metrics?: Metrics;
    },
  ) {
    this.metrics = deps.metrics ?? NO_METRICS;
  }

  private readonly metrics: Metrics;

  jwks() {
    return this.deps.tokens.jwks();
  }

  async register(input: unknown): Promise<UserRecord> {
    const { credentialHooks, features } = this.deps;
    const { email, password, displayName } = parseAuthInput('register', input);
    if (!(await features.isEnabled('registration'))) {
      throw new AppError('FORBIDDEN', 'Registration is closed.');
    }
    const user = await credentialHooks.register({ email, password, displayName });
    this.metrics.authEvent('register');
    return user;
  }

  async login(input: unknown, client: ClientMeta): Promise<IssuedTokens> {
    const { users, throttle, sessions } = this.deps;
    const { email, password, device } = parseAuthInput('login', input);
    const knownDevice = throttle.knownDevice(client.deviceCookie, email);
    const failureKey = await throttle.beforeAttempt(
      { email, device: knownDevice },
      'Too many failed sign-ins for this account. Try again later.',
    );

    await this.deps.credentialHooks.beforeSignIn(email, password);
    const user = await users.findByEmailWithPassword(email);
    if (!(await verifyPassword(user?.passwordHash, password)) || !user) {
      this.metrics.authEvent('login_failure');
      throw new AppError('UNAUTHENTICATED', INVALID_CREDENTIALS);
    }
    await throttle.succeeded(failureKey);

    const jti = randomUUID();
    const label = deviceLabel(device, client.userAgent);
    const session = await sessions.start(
      {
        userId: user.id,
        device: label,
        userAgent: client.userAgent?.slice(0, 512) ?? null,
        ipAddress: client.ip,
        jtiHash: hashJti(jti),
      },
      async (trx) => {
        await users.lock(user.id, trx);
        await this.deps.credentialHooks.noteSignIn(trx, { userId: user.id, device: label, ipAddress: client.ip });
      },
    );
    await sessions.revocations.cacheUserState(user.id, authStateOf(user));
    const { passwordHash: _hash, ...record } = user;
    this.metrics.authEvent('login_success');
    return { ...this.issue(record, session, jti), deviceCookie: throttle.deviceCookie(email, knownDevice) };
  }

  /**
   * Rotation. The presented refresh token must be the session's current one (checked inside one
   * conditional UPDATE). Its immediate predecessor, presented again within REFRESH_REUSE_GRACE,
   * gets the same successor back (lost responses, several tabs). Any other reuse is theft until
   * proven otherwise: the whole session is revoked.
   */
  async refresh(input: unknown, client: ClientMeta): Promise<IssuedTokens> {
    const { config, logger, sessions, tokens, rateLimiter } = this.deps;
    const { refreshToken } = parseAuthInput('refresh', input);
    // A generous ceiling per address (shared addresses: offices, NAT), then the real limit per
    // session, keyed on the verified token's sid: someone else's reloads never spend yours.
    await rateLimiter.consume(authLimits.refreshAddress(config), { ip: client.ip, subject: '' });
    const claims = tokens.verifyRefresh(refreshToken);
    await rateLimiter.consume(authLimits.refresh(config), { ip: 'any-address', subject: claims.sid });
    const presentedHash = hashJti(claims.jti);
    const user = await this.checkRevocation(claims.sid, claims.sub, claims.tv, presentedHash);

    const nextJti = tokens.successorJti(claims.jti);
    const nextHash = hashJti(nextJti);
    const rotated = await sessions.rotate({ id: claims.sid, userId: claims.sub, presentedHash, nextHash });
    if (rotated) {
      this.metrics.authEvent('refresh');
      return this.issue(user, rotated, nextJti);
    }

    const session = await sessions.findById(claims.sid);
    if (!session || session.userId !== claims.sub)
      throw new AppError('UNAUTHENTICATED', 'The refresh token is invalid.');
    if (session.revokedAt) throw new AppError('SESSION_REVOKED', 'This session has been signed out.');
    if (!sessions.isLive(session)) throw new AppError('TOKEN_EXPIRED', 'This session has expired. Sign in again.');
    const graceStart = this.deps.clock.now() - config.sessions.reuseGraceSeconds * 1000;
    const isGraceRetry =
      session.previousJtiHash === presentedHash &&
      session.currentJtiHash === nextHash &&
      session.rotatedAt !== null &&
      session.rotatedAt.getTime() >= graceStart;
    if (isGraceRetry) {
      this.metrics.authEvent('refresh');
      return this.issue(user, session, nextJti);
    }

    await sessions.revokeRecords([session], 'refresh_reused');
    this.metrics.authEvent('refresh_reuse');
    logger.warn(
      { event: 'security.refresh_token_reused', user_id: session.userId, session_id: session.id, ip: client.ip },
      'refresh token reused: session revoked',
    );
    throw new AppError('REFRESH_REUSED', 'This refresh token was already used. The session has been signed out.');
  }

  /**
   * Signs out by scope. Accepts an access or a refresh token; a session that is already
   * revoked counts zero, so logging out twice is not an error.
   */
  async logout(credentials: { accessToken?: string; refreshToken?: string }, input: unknown): Promise<number> {
    const { tokens, sessions } = this.deps;
    const { scope } = parseAuthInput('logout', input);
    let claims: AccessClaims | null = null;
    let usedRefresh = false;
    try {
      claims = credentials.accessToken ? tokens.verifyAccess(credentials.accessToken) : null;
    } catch (error) {
      // An expired access token must not strand a web client that still holds its cookie.
      if (!credentials.refreshToken) throw error;
    }
    if (!claims && credentials.refreshToken) {
      claims = tokens.verifyRefresh(credentials.refreshToken);
      usedRefresh = true;
    }
    if (!claims) throw new AppError('UNAUTHENTICATED', 'Send an access token or a refresh token to sign out.');
    this.metrics.authEvent('logout');
    if (scope === 'local') {
      // Ending one's own session needs only a genuine token of it, even a revoked one.
      const session = await sessions.findById(claims.sid);
      if (!session || session.userId !== claims.sub) return 0;
      return (await sessions.revokeRecords([session], 'logout')).length;
    }
    // Ending other sessions needs a credential that is still good: a leaked, revoked or
    // rotated-away token must not be able to sign its owner out everywhere.
    const { role } = await this.checkRevocation(
      claims.sid,
      claims.sub,
      claims.tv,
      usedRefresh ? hashJti(claims.jti) : undefined,
    );
    if (usedRefresh) await this.expectCurrentRefresh(claims.sid, hashJti(claims.jti));
    const viewer: Principal = { userId: claims.sub, sessionId: claims.sid, role };
    return sessions.revokeAllForOwner(
      viewer,
      scope === 'global',
      scope === 'global' ? 'logout_global' : 'logout_others',
    );
  }

  /**
   * Changes the password: bumps token_version (older access and refresh tokens die on their next
   * use, on every replica), revokes every other session, and hands this device a fresh pair.
   */
  async changePassword(viewer: Principal, input: unknown): Promise<IssuedTokens> {
    const { db, users, sessions, throttle } = this.deps;
    const { currentPassword, newPassword } = parseAuthInput('changePassword', input);
    const user = await users.findByIdWithPassword(viewer.userId);
    if (!user) throw new AppError('UNAUTHENTICATED', 'Sign in again.');
    // A signed-in session guesses against its own budget: failures elsewhere cannot block it.
    const failureKey = await throttle.beforeAttempt(
      { sessionId: viewer.sessionId },
      'Too many failed attempts. Try again later.',
    );
    if (!(await verifyPassword(user.passwordHash, currentPassword))) {
      throw new AppError('BAD_USER_INPUT', 'The current password is not correct.', {
        details: { currentPassword: ['is not correct'] },
      });
    }
    await throttle.succeeded(failureKey);
    const passwordHash = await hashPassword(newPassword);
    const jti = randomUUID();
    const expected = { ...authStateOf(user), authVersion: user.authVersion + 1, tokenVersion: user.tokenVersion + 1 };
    const { updated, session } = await sessions.revocations.publishChange(user.id, expected, () =>
      db.transaction(async (trx) => {
        await users.lock(user.id, trx);
        const changed = await users.changePassword(user.id, passwordHash, trx);
        // Listed under the lock, so a login racing this change is revoked too.
        const others = (await sessions.listLive(user.id, trx)).filter((session) => session.id !== viewer.sessionId);
        await sessions.revokeRecords(others, 'password_changed', trx);
        const current = await sessions.restartChain(viewer.sessionId, hashJti(jti), trx);
        if (!current) throw new AppError('SESSION_REVOKED', 'This session has been signed out.');
        return { state: authStateOf(changed), result: { updated: changed, session: current } };
      }),
    );
    this.metrics.authEvent('password_changed');
    return this.issue(updated, session, jti);
  }

  /**
   * The check on every authenticated request: signature, typ and expiry, then one Redis round
   * trip for revocation and token_version. PostgreSQL is read only when the user's state is not
   * cached (first request after a restart or an hour idle).
   */
  async authenticate(accessToken: string): Promise<Principal> {
    const claims = this.deps.tokens.verifyAccess(accessToken);
    const user = await this.checkRevocation(claims.sid, claims.sub, claims.tv);
    return { userId: claims.sub, sessionId: claims.sid, role: user.role };
  }

  /** A refresh token is good for more than its own session only while it is the current one. */
  private async expectCurrentRefresh(sessionId: string, jtiHash: string): Promise<void> {
    const session = await this.deps.sessions.findById(sessionId);
    const graceStart = this.deps.clock.now() - this.deps.config.sessions.reuseGraceSeconds * 1000;
    const isCurrent =
      session !== null &&
      this.deps.sessions.isLive(session) &&
      (session.currentJtiHash === jtiHash ||
        (session.previousJtiHash === jtiHash && (session.rotatedAt?.getTime() ?? 0) >= graceStart));
    if (!isCurrent) throw new AppError('SESSION_REVOKED', 'This refresh token is no longer valid.');
  }

  private async checkRevocation(sessionId: string, userId: string, tokenVersion: number, jtiHash?: string) {
    const { revoked, user } = await this.deps.sessions.revocations.check(
      SESSION_CREDENTIAL,
      sessionId,
      userId,
      jtiHash,
    );
    if (!user || user.deleted) throw new AppError('UNAUTHENTICATED', 'This account no longer exists.');
    if (revoked) throw new AppError('SESSION_REVOKED', 'This session has been signed out.');
    if (user.tokenVersion !== tokenVersion) {
      throw new AppError('SESSION_REVOKED', 'Your password was changed. Sign in again.');
    }
    return { ...user, id: userId };
  }

  private issue(
    user: Pick<UserRecord, 'id' | 'tokenVersion'> & Partial<UserRecord>,
    session: SessionRecord,
    refreshJti: string,
  ): IssuedTokens {
    const { tokens, config } = this.deps;
    const claims = { sub: session.userId, sid: session.id, tv: user.tokenVersion };
    const idleEnd = Math.floor(Date.now() / 1000) + config.sessions.idleTtlSeconds;
    const refreshExp = Math.min(Math.floor(session.expiresAt.getTime() / 1000), idleEnd);
    const record = user.email ? (user as UserRecord) : null;
    return {
      accessToken: tokens.signAccess(claims),
      refreshToken: tokens.signRefresh({ ...claims, jti: refreshJti }, refreshExp),
      expiresIn: tokens.accessTtlSeconds,
      session,
      user: record,
    };
  }
}
