import type { Knex } from 'knex';
import { isUuid } from '../../platform/db/uuid';
import type { UserAuthState } from '../users/user.record';
import type { CredentialSource } from './revocation.store';

interface AuthRow {
  auth_version: number;
  token_version: number;
  role: 'author' | 'admin';
  deleted: boolean;
  session_revoked: boolean;
}

const toState = (row: AuthRow): UserAuthState => ({
  authVersion: row.auth_version,
  tokenVersion: row.token_version,
  role: row.role,
  deleted: row.deleted,
});

/**
 * PostgreSQL's truth behind the revocation cache, read in two cases only: a request arriving
 * while the cache has lost its data (one statement, by primary keys), and the one rebuild
 * that refills the cache (a statement on a partial index, bounded by the access-token
 * lifetime rather than by the size of the table; auth refills its user states alongside).
 */
export class RevocationRepository {
  constructor(private readonly db: Knex) {}

  /** The user's auth state and whether this session is revoked (or unknown), in one statement. */
  async decide(userId: string, sessionId: string): Promise<{ user: UserAuthState | null; sessionRevoked: boolean }> {
    if (!isUuid(userId) || !isUuid(sessionId)) return { user: null, sessionRevoked: true };
    const row = (await this.db('users as u')
      .leftJoin('sessions as s', (join) =>
        join.on('s.id', '=', this.db.raw('?', [sessionId])).andOn('s.user_id', 'u.id'),
      )
      .where('u.id', userId)
      .first(
        'u.auth_version',
        'u.token_version',
        'u.role',
        this.db.raw('u.deleted_at is not null as deleted'),
        this.db.raw('(s.id is null or s.revoked_at is not null) as session_revoked'),
      )) as AuthRow | undefined;
    if (!row) return { user: null, sessionRevoked: true };
    return { user: toState(row), sessionRevoked: row.session_revoked };
  }

  /** Sessions revoked within the last `withinSeconds` (sessions_revoked_at_idx). */
  async sessionsRevokedWithin(withinSeconds: number) {
    const rows = (await this.db('sessions')
      .where('revoked_at', '>', this.db.raw("now() - (? * interval '1 second')", [withinSeconds]))
      .select('id', 'current_jti_hash', 'expires_at')) as {
      id: string;
      current_jti_hash: string;
      expires_at: Date;
    }[];
    return rows.map((row) => ({ id: row.id, currentJtiHash: row.current_jti_hash, expiresAt: row.expires_at }));
  }
}

export const SESSION_CREDENTIAL = 'session';

/** Sessions as a kind of credential of the revocation cache. */
export const sessionCredentialSource = (repository: RevocationRepository): CredentialSource => ({
  kind: SESSION_CREDENTIAL,
  async decide(userId, sessionId) {
    const { user, sessionRevoked } = await repository.decide(userId, sessionId);
    return { user, revoked: sessionRevoked };
  },
  async revokedWithin(withinSeconds) {
    return (await repository.sessionsRevokedWithin(withinSeconds)).map((session) => ({
      id: session.id,
      denyJtiHash: session.currentJtiHash,
      expiresAt: session.expiresAt,
    }));
  },
});
