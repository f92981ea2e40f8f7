import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { SharedStore } from '../../platform/shared-store/shared-store';
import type { UserAuthState } from '../users/user.record';

/** How long a revoked-credential marker must outlive any access token of that credential. */
const CLOCK_LEEWAY_SECONDS = 30;
/** Written last by a full rebuild; its absence means Redis lost (or never had) the markers. */
const LOADED_KEY = 'auth:loaded:v2';
const REBUILD_LOCK_KEY = 'auth:rebuild-lock';
const REBUILD_LOCK_SECONDS = 30;

/** A revoked credential whose tokens may still be presented. */
export interface RevokedCredential {
  id: string;
  /** Refresh-token jti hash to deny for the credential's remaining lifetime. */
  denyJtiHash?: string;
  expiresAt: Date;
}

/**
 * A kind of credential whose revocations are cached here (sessions today; personal access
 * tokens plug in the same way): how to decide from PostgreSQL while the cache is empty, and
 * what to put back when it is rebuilt.
 */
export interface CredentialSource {
  readonly kind: string;
  /** The owner's state and whether this credential is revoked (or unknown), in one statement. */
  decide(userId: string, credentialId: string): Promise<{ user: UserAuthState | null; revoked: boolean }>;
  /** Credentials revoked within the last `withinSeconds`. */
  revokedWithin(withinSeconds: number): Promise<RevokedCredential[]>;
}

/**
 * The owners' auth state, kept by auth in the same cache: the check reads its entry in the same
 * round trip as the markers, and the rebuild refills it before writing the sentinel.
 */
export interface UserStateCache {
  keyOf(userId: string): string;
  /** The state from its cached value (null: not cached), else from PostgreSQL. */
  resolve(userId: string, cached: string | null): Promise<UserAuthState | null>;
  /** Caches the states of users who may be presenting a token now; returns how many. */
  refillActive(withinSeconds: number): Promise<number>;
}

export interface AuthCheck {
  revoked: boolean;
  /** null when the user does not exist at all. */
  user: UserAuthState | null;
}

export interface RebuildResult {
  revoked: number;
  users: number;
}

/**
 * What every API replica consults on each authenticated request, in one Redis round trip
 * (one MGET): the "loaded" sentinel, the credential's revocation marker, the user's state, and
 * for refresh tokens the jti denylist. Revocations are written here before PostgreSQL, so a
 * failure leaves things safe (refused), never revoked-in-the-database-but-still-accepted.
 *
 * Redis only caches PostgreSQL's truth. When it loses its data (restart without persistence,
 * failover, FLUSHALL) the sentinel is gone with the markers: requests then decide from
 * PostgreSQL, and one replica (a short Redis lock) rebuilds the markers and states and sets the
 * sentinel last. See docs/adr/0002.
 */
export class RevocationStore {
  private readonly sources = new Map<string, CredentialSource>();
  private rebuilding: Promise<RebuildResult | null> | null = null;

  constructor(
    private readonly cache: SharedStore,
    private readonly accessTtlSeconds: number,
    private readonly userStates: UserStateCache,
    private readonly logger: Logger,
  ) {}

  /** Adds a kind of credential (sessions, personal access tokens) to the cache and its rebuild. */
  register(source: CredentialSource): this {
    this.sources.set(source.kind, source);
    return this;
  }

  private static credentialKey = (kind: string, id: string) => `auth:revoked:${kind}:${id}`;
  private static jtiKey = (jtiHash: string) => `auth:deny:${jtiHash}`;

  /** How long a marker lives: past the expiry of any access token of the credential. */
  private get markerSeconds() {
    return this.accessTtlSeconds + CLOCK_LEEWAY_SECONDS + 5;
  }

  async check(kind: string, credentialId: string, userId: string, jtiHash?: string): Promise<AuthCheck> {
    const keys = [LOADED_KEY, RevocationStore.credentialKey(kind, credentialId), this.userStates.keyOf(userId)];
    if (jtiHash) keys.push(RevocationStore.jtiKey(jtiHash));
    const [loaded, revoked, user, denied] = await this.cache.mget(keys);
    if (loaded === null) return this.checkWhileUnloaded(kind, credentialId, userId);
    const state = await this.userStates.resolve(userId, user ?? null);
    return { revoked: revoked !== null || (denied ?? null) !== null, user: state };
  }

  /** The cache lost its data: PostgreSQL decides (one statement), then the cache is rebuilt once. */
  private async checkWhileUnloaded(kind: string, credentialId: string, userId: string): Promise<AuthCheck> {
    const source = this.sources.get(kind);
    if (!source) throw new Error(`No revocation source for credential kind "${kind}"`);
    const decision = await source.decide(userId, credentialId);
    await this.rebuild().catch((error: unknown) =>
      this.logger.error({ err: error, event: 'auth.revocation_rebuild_failed' }, 'revocation cache rebuild failed'),
    );
    return { revoked: decision.revoked, user: decision.user };
  }

  /**
   * Refills the cache from PostgreSQL: revocations recent enough that their tokens may still be
   * presented, and the states of users who may be presenting one. One replica does it (a short
   * lock); the sentinel is written last, so a partial rebuild is never taken for a full one.
   * Returns null when another replica holds the lock or the cache was already loaded.
   */
  rebuild(): Promise<RebuildResult | null> {
    this.rebuilding ??= this.rebuildLocked().finally(() => (this.rebuilding = null));
    return this.rebuilding;
  }

  private async rebuildLocked(): Promise<RebuildResult | null> {
    const owner = randomUUID();
    if (!(await this.cache.setIfAbsent(REBUILD_LOCK_KEY, owner, REBUILD_LOCK_SECONDS))) return null;
    try {
      // Another replica may have finished between our MGET and our lock.
      if ((await this.cache.get(LOADED_KEY)) !== null) return null;
      const within = this.markerSeconds;
      const [revokedLists, users] = await Promise.all([
        Promise.all(
          [...this.sources.values()].map(async (source) => ({ source, rows: await source.revokedWithin(within) })),
        ),
        this.userStates.refillActive(within),
      ]);
      let revoked = 0;
      for (const { source, rows } of revokedLists) {
        await this.revoke(source.kind, rows);
        revoked += rows.length;
      }
      await this.cache.set(LOADED_KEY, new Date().toISOString());
      const result = { revoked, users };
      this.logger.info(
        { event: 'auth.revocation_cache_rebuilt', ...result },
        'revocation cache rebuilt from PostgreSQL',
      );
      return result;
    } finally {
      if ((await this.cache.get(REBUILD_LOCK_KEY).catch(() => null)) === owner) {
        await this.cache.del(REBUILD_LOCK_KEY).catch(() => undefined);
      }
    }
  }

  /**
   * Marks credentials revoked for access tokens (until any token of theirs has expired) and puts
   * their current refresh jti on the denylist for the rest of their lifetime.
   */
  async revoke(kind: string, credentials: readonly RevokedCredential[]): Promise<void> {
    const now = Date.now();
    const entries = credentials.flatMap((credential) => {
      const remaining = (credential.expiresAt.getTime() - now) / 1000;
      return [
        { key: RevocationStore.credentialKey(kind, credential.id), value: '1', ttlSeconds: this.markerSeconds },
        ...(remaining > 0 && credential.denyJtiHash
          ? [{ key: RevocationStore.jtiKey(credential.denyJtiHash), value: credential.id, ttlSeconds: remaining }]
          : []),
      ];
    });
    await this.cache.setMany(entries);
  }
}
