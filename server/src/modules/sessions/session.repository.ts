import type { Knex } from 'knex';
import { isUuid } from '../../platform/db/uuid';
import type { RevokedReason, SessionRecord } from './session.record';

interface SessionRow {
  id: string;
  user_id: string;
  device: string;
  user_agent: string | null;
  ip_address: string | null;
  created_at: Date;
  last_used_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
  revoked_reason: string | null;
  current_jti_hash: string;
  previous_jti_hash: string | null;
  rotated_at: Date | null;
}

const toRecord = (row: SessionRow): SessionRecord => ({
  id: row.id,
  userId: row.user_id,
  device: row.device,
  userAgent: row.user_agent,
  ipAddress: row.ip_address,
  createdAt: row.created_at,
  lastUsedAt: row.last_used_at,
  expiresAt: row.expires_at,
  revokedAt: row.revoked_at,
  revokedReason: row.revoked_reason,
  currentJtiHash: row.current_jti_hash,
  previousJtiHash: row.previous_jti_hash,
  rotatedAt: row.rotated_at,
});

type Db = Knex | Knex.Transaction;

/** The only code that touches the sessions table. */
export class SessionRepository {
  constructor(private readonly db: Knex) {}

  /** Live = not revoked, not past its absolute expiry, used within the idle window. */
  private live(query: Knex.QueryBuilder, idleSeconds: number, db: Db = this.db) {
    return query
      .whereNull('revoked_at')
      .where('expires_at', '>', db.fn.now())
      .where('last_used_at', '>', db.raw("now() - (? * interval '1 second')", [idleSeconds]));
  }

  async create(
    session: Pick<
      SessionRecord,
      'id' | 'userId' | 'device' | 'userAgent' | 'ipAddress' | 'expiresAt' | 'currentJtiHash'
    >,
    trx: Db,
  ): Promise<SessionRecord> {
    const [row] = (await trx('sessions')
      .insert({
        id: session.id,
        user_id: session.userId,
        device: session.device,
        user_agent: session.userAgent,
        ip_address: session.ipAddress,
        expires_at: session.expiresAt,
        current_jti_hash: session.currentJtiHash,
      })
      .returning('*')) as SessionRow[];
    return toRecord(row!);
  }

  /**
   * Rotation in one conditional UPDATE … RETURNING: it succeeds only if the presented jti is
   * still the current one and the session is live. Concurrent callers serialize on the row
   * lock; exactly one wins, the others see zero rows. Never check-then-act.
   */
  async rotate(input: {
    id: string;
    userId: string;
    presentedHash: string;
    nextHash: string;
    idleSeconds: number;
  }): Promise<SessionRecord | null> {
    const query = this.db('sessions')
      .where({ id: input.id, user_id: input.userId, current_jti_hash: input.presentedHash })
      .update({
        previous_jti_hash: input.presentedHash,
        current_jti_hash: input.nextHash,
        rotated_at: this.db.fn.now(),
        last_used_at: this.db.fn.now(),
      })
      .returning('*');
    const [row] = (await this.live(query, input.idleSeconds)) as SessionRow[];
    return row ? toRecord(row) : null;
  }

  /** Starts a fresh chain for a session (after a password change), with no grace for the old one. */
  async restartChain(id: string, nextHash: string, trx: Db): Promise<SessionRecord | null> {
    const [row] = (await trx('sessions')
      .where({ id })
      .whereNull('revoked_at')
      .update({
        current_jti_hash: nextHash,
        previous_jti_hash: null,
        rotated_at: trx.fn.now(),
        last_used_at: trx.fn.now(),
      })
      .returning('*')) as SessionRow[];
    return row ? toRecord(row) : null;
  }

  async findById(id: string): Promise<SessionRecord | null> {
    if (!isUuid(id)) return null;
    const row = (await this.db('sessions').where({ id }).first()) as SessionRow | undefined;
    return row ? toRecord(row) : null;
  }

  async findByIds(ids: readonly string[]): Promise<SessionRecord[]> {
    const valid = ids.filter(isUuid);
    if (valid.length === 0) return [];
    return ((await this.db('sessions').whereIn('id', valid)) as SessionRow[]).map(toRecord);
  }

  /** A user's live sessions, newest first. */
  async listLive(userId: string, idleSeconds: number, trx: Db = this.db): Promise<SessionRecord[]> {
    const query = trx('sessions').where({ user_id: userId }).orderBy('created_at', 'desc').orderBy('id', 'desc');
    return ((await this.live(query, idleSeconds, trx)) as SessionRow[]).map(toRecord);
  }

  /** Marks sessions revoked; returns only those this call revoked (already-revoked ones are skipped). */
  async revoke(ids: readonly string[], reason: RevokedReason, trx: Db = this.db): Promise<SessionRecord[]> {
    if (ids.length === 0) return [];
    const rows = (await trx('sessions')
      .whereIn('id', ids)
      .whereNull('revoked_at')
      .update({ revoked_at: trx.fn.now(), revoked_reason: reason })
      .returning('*')) as SessionRow[];
    return rows.map(toRecord);
  }
}
