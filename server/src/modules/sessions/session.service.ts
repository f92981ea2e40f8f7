import { randomUUID } from 'node:crypto';
import type DataLoader from 'dataloader';
import type { Knex } from 'knex';
import type { Config } from '../../platform/config';
import { AppError } from '../../platform/errors/app-error';
import { NO_METRICS, type Metrics } from '../../platform/observability/metrics';
import { byIdLoader, type LoaderRegistry } from '../../platform/request-scope/loader-registry';
import type { Principal } from '../../platform/request-scope/principal';
import { SESSION_CREDENTIAL } from './revocation.repository';
import type { RevocationStore } from './revocation.store';
import type { SessionRepository } from './session.repository';
import type { RevokedReason, SessionRecord } from './session.types';

export interface NewSession {
  userId: string;
  device: string;
  userAgent: string | null;
  ipAddress: string | null;
  jtiHash: string;
}

/** Sessions: one per login, listed and ended by their owner, revoked everywhere at once. */
export class SessionService {
  constructor(
    private readonly db: Knex,
    private readonly sessions: SessionRepository,
    readonly revocations: RevocationStore,
    private readonly config: Config,
    private readonly metrics: Metrics = NO_METRICS,
  ) {}

  private get idleSeconds() {
    return this.config.sessions.idleTtlSeconds;
  }

  /**
   * Starts a session, evicting the oldest live ones beyond MAX_SESSIONS_PER_USER. The user row
   * is locked so concurrent logins count correctly; evictions reach Redis before PostgreSQL.
   */
  async start(input: NewSession, lockUser: (trx: Knex.Transaction) => Promise<void>): Promise<SessionRecord> {
    return this.db.transaction(async (trx) => {
      await lockUser(trx);
      const live = await this.sessions.listLive(input.userId, this.idleSeconds, trx);
      const evicted = live.slice(Math.max(0, this.config.sessions.maxPerUser - 1));
      await this.revokeRecords(evicted, 'evicted', trx);
      return this.sessions.create(
        {
          id: randomUUID(),
          userId: input.userId,
          device: input.device,
          userAgent: input.userAgent,
          ipAddress: input.ipAddress,
          expiresAt: new Date(Date.now() + this.config.sessions.refreshTtlSeconds * 1000),
          currentJtiHash: input.jtiHash,
        },
        trx,
      );
    });
  }

  rotate(input: { id: string; userId: string; presentedHash: string; nextHash: string }) {
    return this.sessions.rotate({ ...input, idleSeconds: this.idleSeconds });
  }

  restartChain(id: string, nextHash: string, trx: Knex.Transaction) {
    return this.sessions.restartChain(id, nextHash, trx);
  }

  findById(id: string) {
    return this.sessions.findById(id);
  }

  isLive(session: SessionRecord, now = Date.now()): boolean {
    return (
      session.revokedAt === null &&
      session.expiresAt.getTime() > now &&
      session.lastUsedAt.getTime() > now - this.idleSeconds * 1000
    );
  }

  listLive(userId: string, trx?: Knex.Transaction) {
    return this.sessions.listLive(userId, this.idleSeconds, trx);
  }

  /** Revokes: Redis first (so a failure refuses rather than accepts), then PostgreSQL. */
  async revokeRecords(records: readonly SessionRecord[], reason: RevokedReason, trx?: Knex.Transaction) {
    const live = records.filter((record) => record.revokedAt === null);
    if (live.length === 0) return [];
    await this.revocations.revoke(
      SESSION_CREDENTIAL,
      live.map((record) => ({ id: record.id, denyJtiHash: record.currentJtiHash, expiresAt: record.expiresAt })),
    );
    const revoked = await this.sessions.revoke(
      live.map((record) => record.id),
      reason,
      trx,
    );
    this.metrics.authEvent('session_revoked', revoked.length);
    return revoked;
  }

  /** Ends one of the viewer's sessions. Someone else's session is NOT_FOUND, as if absent. */
  async revokeForOwner(viewer: Principal, sessionId: string): Promise<string> {
    const session = await this.sessions.findById(sessionId);
    if (!session || session.userId !== viewer.userId) throw new AppError('NOT_FOUND', 'No such session.');
    await this.revokeRecords([session], 'revoked_by_user');
    return session.id;
  }

  /** Ends every live session of a user (an operator's command, a deleted account). */
  async revokeAllOfUser(userId: string, reason: RevokedReason, trx?: Knex.Transaction) {
    return (await this.revokeRecords(await this.listLive(userId, trx), reason, trx)).length;
  }

  /** Ends all the viewer's live sessions, keeping the current one unless asked. */
  async revokeAllForOwner(viewer: Principal, includeCurrent: boolean, reason: RevokedReason = 'revoked_by_user') {
    const live = await this.listLive(viewer.userId);
    const targets = includeCurrent ? live : live.filter((session) => session.id !== viewer.sessionId);
    return (await this.revokeRecords(targets, reason)).length;
  }

  /** Batched reads of sessions, visible to their owner only (node, nodes). */
  loader(loaders: LoaderRegistry, viewer: Principal | null): DataLoader<string, SessionRecord | null> {
    return byIdLoader(loaders, 'sessions.byId', async (ids) =>
      viewer ? (await this.sessions.findByIds(ids)).filter((row) => row.userId === viewer.userId) : [],
    );
  }
}
