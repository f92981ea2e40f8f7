import type { Knex } from 'knex';
import { isUuid } from '../../platform/db/uuid';
import type { PersonalAccessTokenRecord, TokenScopeValue } from './personal-access-token.record';

interface Row {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  scopes: string[];
  created_at: Date;
  expires_at: Date | null;
  revoked_at: Date | null;
}

const toRecord = (row: Row): PersonalAccessTokenRecord => ({
  id: row.id,
  userId: row.user_id,
  name: row.name,
  tokenHash: row.token_hash,
  scopes: row.scopes as TokenScopeValue[],
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  revokedAt: row.revoked_at,
});

/** The only code that touches the personal_access_tokens table. */
export class PersonalAccessTokenRepository {
  constructor(private readonly db: Knex) {}

  async create(input: {
    userId: string;
    name: string;
    tokenHash: string;
    scopes: readonly TokenScopeValue[];
    expiresAt: Date | null;
  }): Promise<PersonalAccessTokenRecord> {
    const [row] = await this.db<Row>('personal_access_tokens')
      .insert({
        user_id: input.userId,
        name: input.name,
        token_hash: input.tokenHash,
        scopes: [...input.scopes],
        expires_at: input.expiresAt,
      })
      .returning('*');
    return toRecord(row as Row);
  }

  async byHash(tokenHash: string): Promise<PersonalAccessTokenRecord | null> {
    const row = await this.db<Row>('personal_access_tokens').where({ token_hash: tokenHash }).first();
    return row ? toRecord(row) : null;
  }

  /** The user's live tokens (not revoked, not expired), newest first. */
  async listLive(userId: string, now: Date): Promise<PersonalAccessTokenRecord[]> {
    const rows = await this.db<Row>('personal_access_tokens')
      .where({ user_id: userId })
      .whereNull('revoked_at')
      .andWhere((query) => query.whereNull('expires_at').orWhere('expires_at', '>', now))
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ]);
    return rows.map(toRecord);
  }

  /** Marks a token of this user revoked; null when the user has no such token. */
  async revoke(userId: string, id: string): Promise<PersonalAccessTokenRecord | null> {
    if (!isUuid(id)) return null;
    const [row] = await this.db<Row>('personal_access_tokens')
      .where({ id, user_id: userId })
      .update({ revoked_at: this.db.raw('coalesce(revoked_at, now())') as unknown as Date })
      .returning('*');
    return row ? toRecord(row) : null;
  }

  /** Hashes of the user's tokens not revoked yet (to mark them revoked in the shared store first). */
  async activeHashesOf(userId: string): Promise<string[]> {
    const rows = await this.db<Row>('personal_access_tokens').where({ user_id: userId }).whereNull('revoked_at');
    return rows.map((row) => row.token_hash);
  }

  /** Marks every token of the user revoked; how many were live. */
  async revokeAllOfUser(userId: string): Promise<number> {
    return this.db<Row>('personal_access_tokens')
      .where({ user_id: userId })
      .whereNull('revoked_at')
      .update({ revoked_at: this.db.raw('now()') as unknown as Date });
  }

  async byId(userId: string, id: string): Promise<PersonalAccessTokenRecord | null> {
    if (!isUuid(id)) return null;
    const row = await this.db<Row>('personal_access_tokens').where({ id, user_id: userId }).first();
    return row ? toRecord(row) : null;
  }
}
