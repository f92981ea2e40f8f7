import type { Knex } from 'knex';

const ago = (db: Knex, seconds: number) => db.raw("now() - (? * interval '1 second')", [seconds]);

/** The deletes of the maintenance jobs: each idempotent (running it twice deletes nothing more). */
export class MaintenanceRepository {
  constructor(private readonly db: Knex) {}

  /** Posts in the trash for longer than the retention. */
  purgeTrashedPosts(retentionSeconds: number): Promise<number> {
    return this.db('posts')
      .whereNotNull('deleted_at')
      .where('deleted_at', '<', ago(this.db, retentionSeconds))
      .delete();
  }

  /** Accounts deleted longer ago than the retention, with everything that cascades from them. */
  purgeDeletedUsers(retentionSeconds: number): Promise<number> {
    return this.db('users')
      .whereNotNull('deleted_at')
      .where('deleted_at', '<', ago(this.db, retentionSeconds))
      .delete();
  }

  /** Sessions past their absolute expiry or idle window by a day, or revoked more than `revokedSeconds` ago. */
  purgeSessions(idleSeconds: number, revokedSeconds: number): Promise<number> {
    const day = 24 * 3600;
    return this.db('sessions')
      .where((old) =>
        old
          .where('expires_at', '<', ago(this.db, day))
          .orWhere('last_used_at', '<', ago(this.db, idleSeconds + day))
          .orWhere('revoked_at', '<', ago(this.db, revokedSeconds)),
      )
      .delete();
  }
}
