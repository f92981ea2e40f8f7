import type { Knex } from 'knex';
import { isUuid } from '../../platform/db/uuid';
import type { Role, UserAuthState } from '../users/user.record';

interface UserStateRow {
  id: string;
  auth_version: number;
  token_version: number;
  role: Role;
  deleted_at: Date | null;
}

const toState = (row: Omit<UserStateRow, 'id'>): UserAuthState => ({
  authVersion: row.auth_version,
  tokenVersion: row.token_version,
  role: row.role,
  deleted: row.deleted_at !== null,
});

/** PostgreSQL's truth behind the auth-state cache: read on a miss and by the rebuild only. */
export class AuthStateRepository {
  constructor(private readonly db: Knex) {}

  /** One user's auth state, or null when there is no such user. */
  async userState(userId: string): Promise<UserAuthState | null> {
    if (!isUuid(userId)) return null;
    const row = (await this.db('users')
      .where({ id: userId })
      .first('auth_version', 'token_version', 'role', 'deleted_at')) as UserStateRow | undefined;
    return row ? toState(row) : null;
  }

  /**
   * Users with a live session used within `withinSeconds`: whoever may present a token now.
   * A read of the sessions table on purpose: the rebuild must not wait for a service call per user.
   */
  async activeUserStates(withinSeconds: number): Promise<(UserAuthState & { id: string })[]> {
    const rows = (await this.db('users')
      .whereIn(
        'id',
        this.db('sessions')
          .distinct('user_id')
          .whereNull('revoked_at')
          .where('last_used_at', '>', this.db.raw("now() - (? * interval '1 second')", [withinSeconds])),
      )
      .select('id', 'auth_version', 'token_version', 'role', 'deleted_at')) as UserStateRow[];
    return rows.map((row) => ({ id: row.id, ...toState(row) }));
  }
}
