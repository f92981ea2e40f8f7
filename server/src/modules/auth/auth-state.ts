import type { SharedStore } from '../../platform/shared-store/shared-store';
import type { UserStateCache } from '../sessions/revocation.store';
import type { UserAuthState } from '../users/user.record';
import type { AuthStateRepository } from './auth-state.repository';

/** The user's auth state is cached this long; every change overwrites the entry. */
const USER_STATE_TTL_SECONDS = 3600;

/** Changes a user's auth state (password, role, deletion) so every replica sees it on the next request. */
export interface AuthStateChanges {
  publishChange<T>(
    userId: string,
    expected: UserAuthState,
    change: () => Promise<{ state: UserAuthState; result: T }>,
  ): Promise<T>;
}

/**
 * Each user's token version, role and deletion flag in the shared cache (`auth:state:<id>`),
 * so the per-request check needs no SQL. The revocation store reads the entry in the same MGET
 * as its markers (it sees this class only as a UserStateCache); every write goes through here.
 */
export class AuthStateCache implements UserStateCache, AuthStateChanges {
  constructor(
    private readonly cache: SharedStore,
    private readonly source: AuthStateRepository,
  ) {}

  keyOf(userId: string): string {
    return `auth:state:${userId}`;
  }

  /** The state from its cached entry, or (a miss) from PostgreSQL, cached again. */
  async resolve(userId: string, cached: string | null): Promise<UserAuthState | null> {
    const state = parseUserState(cached);
    if (state) return state;
    const fresh = await this.source.userState(userId);
    if (fresh) await this.remember(userId, fresh);
    return fresh;
  }

  /** The rebuild: states of users who may be presenting a token now. Returns how many. */
  async refillActive(withinSeconds: number): Promise<number> {
    const users = await this.source.activeUserStates(withinSeconds);
    await Promise.all(users.map((user) => this.remember(user.id, user)));
    return users.length;
  }

  /**
   * Caches a user's state. Monotonic on authVersion: a request that read the user just before a
   * change cannot put the old state back after the change published the new one.
   */
  async remember(userId: string, state: UserAuthState): Promise<void> {
    await this.cache.setMonotonic(
      this.keyOf(userId),
      state.authVersion,
      `${state.tokenVersion}:${state.deleted ? 'deleted' : state.role}`,
      USER_STATE_TTL_SECONDS,
    );
  }

  /**
   * Changes a user's auth state everywhere at once: the expected next state is published to
   * Redis before PostgreSQL changes, so a failure in between refuses (safe) rather than leaves
   * stale tokens or a stale role accepted; then the committed state is published. If the change
   * does not commit, the published state is withdrawn, so nobody stays locked out.
   */
  async publishChange<T>(
    userId: string,
    expected: UserAuthState,
    change: () => Promise<{ state: UserAuthState; result: T }>,
  ): Promise<T> {
    await this.remember(userId, expected);
    let outcome: { state: UserAuthState; result: T };
    try {
      outcome = await change();
    } catch (error) {
      await this.forget(userId).catch(() => undefined);
      throw error;
    }
    await this.remember(userId, outcome.state);
    return outcome.result;
  }

  /** Drops the cached state, so the next check reads PostgreSQL (after a change that did not commit). */
  private async forget(userId: string): Promise<void> {
    await this.cache.del(this.keyOf(userId));
  }
}

/** `authVersion:tokenVersion:role|deleted`, as remember writes it; anything else is a miss. */
function parseUserState(value: string | null): UserAuthState | null {
  const match = value === null ? null : /^(\d+):(\d+):(author|admin|deleted)$/.exec(value);
  if (!match) return null;
  const role = match[3]!;
  return {
    authVersion: Number(match[1]),
    tokenVersion: Number(match[2]),
    role: role === 'admin' ? 'admin' : 'author',
    deleted: role === 'deleted',
  };
}
