import { randomUUID } from 'node:crypto';
import type DataLoader from 'dataloader';
import type { Config } from '../../platform/config';
import { AppError } from '../../platform/errors/app-error';
import { parseInput } from '../../platform/validation/parse-input';
import { NO_METRICS, type Metrics } from '../../platform/observability/metrics';
import { byIdLoader, type LoaderRegistry } from '../../platform/request-scope/loader-registry';
import type { Principal } from '../../platform/request-scope/principal';
import { SESSION_CREDENTIAL } from './revocation.repository';
import type { Transaction } from '../../platform/db/transaction';
import type { AuthCheck, RevocationStore } from './revocation.store';
import type { SessionRepository } from './session.repository';
import { sessionCommands } from './session.validation';
import type { RevokedReason, SessionRecord } from './session.record';

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
    private readonly sessions: SessionRepository,
    /** Private on purpose: only this service writes revocations, always before PostgreSQL. */
    private readonly revocations: RevocationStore,
    private readonly config: Config,
    private readonly metrics: Metrics = NO_METRICS,
  ) {}

  private get idleSeconds() {
    return this.config.sessions.idleTtlSeconds;
  }

  /**
   * Starts a session, evicting the oldest live ones beyond MAX_SESSIONS_PER_USER; evictions
   * reach Redis before PostgreSQL. The caller's transaction must hold the user's row lock, so
   * concurrent logins count correctly.
   */
  async start(input: NewSession, trx: Transaction): Promise<SessionRecord> {
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
  }

  /**
   * Whether a session is revoked (or, with a refresh token's jti hash, that token denied), with
   * its owner's auth state: one cache round trip (docs/adr/0002).
   */
  check(sessionId: string, userId: string, refreshJtiHash?: string): Promise<AuthCheck> {
    return this.revocations.check(SESSION_CREDENTIAL, sessionId, userId, refreshJtiHash);
  }

  rotate(input: { id: string; userId: string; presentedHash: string; nextHash: string }) {
    return this.sessions.rotate({ ...input, idleSeconds: this.idleSeconds });
  }

  restartChain(id: string, nextHash: string, trx: Transaction) {
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

  listLive(userId: string, trx?: Transaction) {
    return this.sessions.listLive(userId, this.idleSeconds, trx);
  }

  /** Revokes: Redis first (so a failure refuses rather than accepts), then PostgreSQL. */
  async revokeRecords(records: readonly SessionRecord[], reason: RevokedReason, trx?: Transaction) {
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

  /** Ends one of the principal's sessions. Someone else's session is NOT_FOUND, as if absent. */
  async revokeSession(principal: Principal, input: unknown): Promise<string> {
    const { sessionId } = parseInput(sessionCommands.revokeSession, input);
    const session = await this.sessions.findById(sessionId);
    if (!session || session.userId !== principal.userId) throw new AppError('NOT_FOUND', 'No such session.');
    await this.revokeRecords([session], 'revoked_by_user');
    return session.id;
  }

  /** Ends every live session of a user (an operator's command, a deleted account). */
  async revokeAllOfUser(userId: string, reason: RevokedReason, trx?: Transaction) {
    return (await this.revokeRecords(await this.listLive(userId, trx), reason, trx)).length;
  }

  /** Ends all the principal's other live sessions, or all of them with includeCurrent. */
  revokeAllSessions(principal: Principal, input: unknown): Promise<number> {
    const { includeCurrent } = parseInput(sessionCommands.revokeAllSessions, input);
    return this.revokeAllForOwner(principal, includeCurrent);
  }

  /** Ends all the principal's live sessions, keeping the current one unless asked (also logout's). */
  async revokeAllForOwner(principal: Principal, includeCurrent: boolean, reason: RevokedReason = 'revoked_by_user') {
    const live = await this.listLive(principal.userId);
    const targets = includeCurrent ? live : live.filter((session) => session.id !== principal.sessionId);
    return (await this.revokeRecords(targets, reason)).length;
  }

  /** Batched reads of sessions, visible to their owner only (node, nodes). */
  loader(loaders: LoaderRegistry, principal: Principal | null): DataLoader<string, SessionRecord | null> {
    return byIdLoader(loaders, 'sessions.byId', async (ids) =>
      principal ? (await this.sessions.findByIds(ids)).filter((row) => row.userId === principal.userId) : [],
    );
  }
}
