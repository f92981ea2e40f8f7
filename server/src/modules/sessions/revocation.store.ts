import type { Cache } from '../../platform/cache/cache';
import type { SessionRecord } from './session.types';

/** How long a revoked-session marker must outlive any access token of that session. */
const CLOCK_LEEWAY_SECONDS = 30;
/** token_version + role are cached this long; every change overwrites the entry. */
const USER_STATE_TTL_SECONDS = 3600;

export interface AuthState {
  sessionRevoked: boolean;
  /** null when not cached: the caller loads it from PostgreSQL and calls cacheUserState. */
  user: { tokenVersion: number; role: 'author' | 'admin' } | null;
  jtiDenied: boolean;
}

/**
 * What every API replica consults on each authenticated request, in one Redis round trip:
 * is the session revoked, what is the user's token_version, is this refresh jti denied.
 * Revocations are written here before PostgreSQL, so a failure leaves things safe (refused),
 * never revoked-in-the-database-but-still-accepted.
 */
export class RevocationStore {
  constructor(
    private readonly cache: Cache,
    private readonly accessTtlSeconds: number,
  ) {}

  private static sessionKey = (sessionId: string) => `auth:revoked:${sessionId}`;
  private static userKey = (userId: string) => `auth:user:${userId}`;
  private static jtiKey = (jtiHash: string) => `auth:deny:${jtiHash}`;

  async state(sessionId: string, userId: string, jtiHash?: string): Promise<AuthState> {
    const keys = [RevocationStore.sessionKey(sessionId), RevocationStore.userKey(userId)];
    if (jtiHash) keys.push(RevocationStore.jtiKey(jtiHash));
    const [revoked, user, denied] = await this.cache.mget(keys);
    const [tokenVersion, role] = (user ?? '').split(':');
    return {
      sessionRevoked: revoked !== null,
      user: user ? { tokenVersion: Number(tokenVersion), role: role === 'admin' ? 'admin' : 'author' } : null,
      jtiDenied: denied !== null && denied !== undefined,
    };
  }

  async cacheUserState(userId: string, tokenVersion: number, role: 'author' | 'admin'): Promise<void> {
    // Monotonic: a login that read the user just before a password change cannot put the old
    // version back after the change published the new one.
    await this.cache.setMonotonic(RevocationStore.userKey(userId), tokenVersion, role, USER_STATE_TTL_SECONDS);
  }

  /** Drops the cached state, so the next check reads PostgreSQL (after a change that did not commit). */
  async forgetUserState(userId: string): Promise<void> {
    await this.cache.del(RevocationStore.userKey(userId));
  }

  /**
   * Marks sessions revoked for access tokens (until any token of theirs has expired) and puts
   * their current refresh jti on the denylist for the rest of the session's lifetime.
   */
  async revokeSessions(sessions: readonly Pick<SessionRecord, 'id' | 'currentJtiHash' | 'expiresAt'>[]): Promise<void> {
    const now = Date.now();
    const entries = sessions.flatMap((session) => {
      const remaining = (session.expiresAt.getTime() - now) / 1000;
      return [
        {
          key: RevocationStore.sessionKey(session.id),
          value: '1',
          ttlSeconds: this.accessTtlSeconds + CLOCK_LEEWAY_SECONDS + 5,
        },
        ...(remaining > 0
          ? [{ key: RevocationStore.jtiKey(session.currentJtiHash), value: session.id, ttlSeconds: remaining }]
          : []),
      ];
    });
    await this.cache.setMany(entries);
  }
}
