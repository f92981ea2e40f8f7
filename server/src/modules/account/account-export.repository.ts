import type { Knex } from 'knex';

/**
 * Everything of one user that goes into their data export, read directly as rows: the export is
 * a faithful copy of what is stored (minus secrets: no password hash, no token hashes).
 */
export class AccountExportRepository {
  constructor(private readonly db: Knex) {}

  async read(userId: string) {
    const profile = (await this.db('users')
      .select('id', 'email', 'display_name', 'role', 'created_at', 'updated_at', 'email_verified_at')
      .where({ id: userId })
      .whereNull('deleted_at')
      .first()) as Record<string, unknown> | undefined;
    if (!profile) return null;
    const posts = (await this.db('posts')
      .select('id', 'title', 'slug', 'body', 'status', 'published_at', 'created_at', 'updated_at', 'deleted_at')
      .where({ author_id: userId })
      .orderBy('created_at')) as Record<string, unknown>[];
    const sessions = (await this.db('sessions')
      .select('id', 'device', 'user_agent', 'ip_address', 'created_at', 'last_used_at', 'expires_at', 'revoked_at')
      .where({ user_id: userId })
      .orderBy('created_at')) as Record<string, unknown>[];
    return { profile, posts, sessions };
  }
}
