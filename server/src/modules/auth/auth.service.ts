import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Clock } from '../../platform/clock';
import type { Config } from '../../platform/config';
import type { Transact, Transaction } from '../../platform/db/transaction';
import { AppError } from '../../platform/errors/app-error';
import type { Principal } from '../../platform/request-scope/principal';
import { NO_METRICS, type Metrics } from '../../platform/observability/metrics';
import type { RateLimiter } from '../../platform/rate-limit/rate-limiter';
import { deviceLabel } from '../sessions/device-label';
import type { SessionRecord } from '../sessions/session.record';
import type { SessionService } from '../sessions/session.service';
import type { UserRepository } from '../users/user.repository';
import { authStateOf, type UserRecord } from '../users/user.record';
import type { AuthStateCache } from './auth-state';
import { authLimits } from './auth.limits';
import { parseAuthInput } from './auth.validation';
import type { LoginThrottle } from './login-throttle';
import { verifyPassword } from './password';
import { RefreshRotation } from './refresh-rotation';
import { hashJti, type AccessClaims, type TokenService } from './token.service';

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
 * What other features do around a sign-in, implemented by them and wired by the composition
 * root (credentials: the new-device alert; account: undoing an owner's own deletion).
 */
export interface SignInHooks {
  /** Before the password check: an account its owner deleted within the grace period comes back. */
  beforeSignIn(email: string, password: string): Promise<void>;
  /** Runs in the login transaction, before the new session row exists. */
  noteSignIn(trx: Transaction, signIn: { userId: string; device: string; ipAddress: string | null }): Promise<void>;
}

/**
 * The session lifecycle, shared by both doors (REST /api/v1/auth and GraphQL): sign in, rotate,
 * sign out, and the check on every authenticated request; same rules and codes. Per-address
 * rate limits sit in front of both doors (auth.limits.ts) with shared buckets; the per-account
 * failure limit is here (LoginThrottle), because only here is a failure known. Credentials
 * (register, change and reset the password) are CredentialsService's.
 */
export class AuthService {
  private readonly metrics: Metrics;
  private readonly rotation: RefreshRotation;

  constructor(
    private readonly deps: {
      config: Config;
      logger: Logger;
      transact: Transact;
      users: UserRepository;
      sessions: SessionService;
      tokens: TokenService;
      authState: AuthStateCache;
      throttle: LoginThrottle;
      rateLimiter: RateLimiter;
      signInHooks: SignInHooks;
      clock: Clock;
      metrics?: Metrics;
    },
  ) {
    this.metrics = deps.metrics ?? NO_METRICS;
    this.rotation = new RefreshRotation(deps);
  }

  jwks() {
    return this.deps.tokens.jwks();
  }

  async login(input: unknown, client: ClientMeta): Promise<IssuedTokens> {
    const { users, throttle, sessions, signInHooks, transact } = this.deps;
    const { email, password, device } = parseAuthInput('login', input);
    const knownDevice = throttle.knownDevice(client.deviceCookie, email);
    const failureKey = await throttle.beforeAttempt(
      { email, device: knownDevice },
      'Too many failed sign-ins for this account. Try again later.',
    );

    await signInHooks.beforeSignIn(email, password);
    const user = await users.findByEmailWithPassword(email);
    if (!(await verifyPassword(user?.passwordHash, password)) || !user) {
      this.metrics.authEvent('login_failure');
      throw new AppError('UNAUTHENTICATED', INVALID_CREDENTIALS);
    }
    await throttle.succeeded(failureKey);

    const jti = randomUUID();
    const label = deviceLabel(device, client.userAgent);
    const session = await transact(async (trx) => {
      // The user's row lock serializes concurrent logins, so the session cap counts right.
      await users.lock(user.id, trx);
      await signInHooks.noteSignIn(trx, { userId: user.id, device: label, ipAddress: client.ip });
      const newSession = {
        userId: user.id,
        device: label,
        userAgent: client.userAgent?.slice(0, 512) ?? null,
        ipAddress: client.ip,
        jtiHash: hashJti(jti),
      };
      return sessions.start(newSession, trx);
    });
    await this.deps.authState.remember(user.id, authStateOf(user));
    const { passwordHash: _hash, ...record } = user;
    this.metrics.authEvent('login_success');
    return { ...this.issueTokens(record, session, jti), deviceCookie: throttle.deviceCookie(email, knownDevice) };
  }

  /**
   * Trades a refresh token for a new pair (RefreshRotation decides). A reused token is theft
   * until proven otherwise: the whole session is revoked.
   */
  async refresh(input: unknown, client: ClientMeta): Promise<IssuedTokens> {
    const { config, logger, sessions, tokens, rateLimiter } = this.deps;
    const { refreshToken } = parseAuthInput('refresh', input);
    // A generous ceiling per address (shared addresses: offices, NAT), then the real limit per
    // session, keyed on the verified token's sid: someone else's reloads never spend yours.
    await rateLimiter.consume(authLimits.refreshAddress(config), { ip: client.ip, subject: '' });
    const claims = tokens.verifyRefresh(refreshToken);
    await rateLimiter.consume(authLimits.refresh(config), { ip: 'any-address', subject: claims.sid });
    const user = await this.checkRevocation(claims, hashJti(claims.jti));

    const rotation = await this.rotation.rotate(claims);
    switch (rotation.outcome) {
      case 'rotated':
      case 'grace_retry':
        this.metrics.authEvent('refresh');
        return this.issueTokens(user, rotation.session, rotation.refreshJti);
      case 'unknown':
        throw new AppError('UNAUTHENTICATED', 'The refresh token is invalid.');
      case 'revoked':
        throw new AppError('SESSION_REVOKED', 'This session has been signed out.');
      case 'expired':
        throw new AppError('TOKEN_EXPIRED', 'This session has expired. Sign in again.');
      case 'reused': {
        const { session } = rotation;
        await sessions.revokeRecords([session], 'refresh_reused');
        this.metrics.authEvent('refresh_reuse');
        logger.warn(
          { event: 'security.refresh_token_reused', user_id: session.userId, session_id: session.id, ip: client.ip },
          'refresh token reused: session revoked',
        );
        throw new AppError('REFRESH_REUSED', 'This refresh token was already used. The session has been signed out.');
      }
    }
  }

  /**
   * Signs out by scope. Accepts an access or a refresh token; a session that is already
   * revoked counts zero, so logging out twice is not an error.
   */
  async logout(credentials: { accessToken?: string; refreshToken?: string }, input: unknown): Promise<number> {
    const { tokens, sessions } = this.deps;
    const { scope } = parseAuthInput('logout', input);
    let claims: AccessClaims | null = null;
    let refreshClaims: ReturnType<TokenService['verifyRefresh']> | null = null;
    try {
      claims = credentials.accessToken ? tokens.verifyAccess(credentials.accessToken) : null;
    } catch (error) {
      // An expired access token must not strand a web client that still holds its cookie.
      if (!credentials.refreshToken) throw error;
    }
    if (!claims && credentials.refreshToken) {
      refreshClaims = tokens.verifyRefresh(credentials.refreshToken);
      claims = refreshClaims;
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
    const { role } = await this.checkRevocation(claims, refreshClaims ? hashJti(refreshClaims.jti) : undefined);
    if (refreshClaims) {
      const standing = await this.rotation.standingOf(refreshClaims);
      if (standing !== 'current' && standing !== 'grace_retry') {
        throw new AppError('SESSION_REVOKED', 'This refresh token is no longer valid.');
      }
    }
    const principal: Principal = { userId: claims.sub, sessionId: claims.sid, role };
    return sessions.revokeAllForOwner(
      principal,
      scope === 'global',
      scope === 'global' ? 'logout_global' : 'logout_others',
    );
  }

  /**
   * The check on every authenticated request: signature, typ and expiry, then one Redis round
   * trip for revocation and token_version. PostgreSQL is read only when the user's state is not
   * cached (first request after a restart or an hour idle).
   */
  async authenticate(accessToken: string): Promise<Principal> {
    const claims = this.deps.tokens.verifyAccess(accessToken);
    const user = await this.checkRevocation(claims);
    return { userId: claims.sub, sessionId: claims.sid, role: user.role };
  }

  /**
   * After a password change, in its transaction: this session continues on a fresh refresh
   * chain, with no grace for the old one. Issue its tokens (issueTokens) once committed.
   */
  async restartChain(sessionId: string, trx: Transaction): Promise<{ session: SessionRecord; refreshJti: string }> {
    const refreshJti = randomUUID();
    const session = await this.deps.sessions.restartChain(sessionId, hashJti(refreshJti), trx);
    if (!session) throw new AppError('SESSION_REVOKED', 'This session has been signed out.');
    return { session, refreshJti };
  }

  /** An access token and the refresh token `refreshJti` for a session. */
  issueTokens(
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

  private async checkRevocation(claims: AccessClaims, refreshJtiHash?: string) {
    const { revoked, user } = await this.deps.sessions.check(claims.sid, claims.sub, refreshJtiHash);
    if (!user || user.deleted) throw new AppError('UNAUTHENTICATED', 'This account no longer exists.');
    if (revoked) throw new AppError('SESSION_REVOKED', 'This session has been signed out.');
    if (user.tokenVersion !== claims.tv) {
      throw new AppError('SESSION_REVOKED', 'Your password was changed. Sign in again.');
    }
    return { ...user, id: claims.sub };
  }
}
