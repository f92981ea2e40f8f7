import type { Knex } from 'knex';
import { isUuid } from '../../platform/db/uuid';

export type EmailTokenPurpose = 'verify_email' | 'reset_password';

type Db = Knex | Knex.Transaction;

/**
 * Single-use email tokens (verification, password reset) and the account facts they change.
 * Only a SHA-256 of each token is stored; the token itself exists in the mail alone.
 */
export class EmailTokenRepository {
  constructor(private readonly db: Knex) {}

  async create(
    token: { userId: string; purpose: EmailTokenPurpose; tokenHash: string; expiresAt: Date },
    trx: Db,
  ): Promise<void> {
    await trx('email_tokens').insert({
      user_id: token.userId,
      purpose: token.purpose,
      token_hash: token.tokenHash,
      expires_at: token.expiresAt,
    });
  }

  /** The user a live (unused, unexpired at `now`) token belongs to, without using it. */
  async peek(purpose: EmailTokenPurpose, tokenHash: string, now: Date): Promise<string | null> {
    const row = (await this.db('email_tokens')
      .select('user_id')
      .where({ purpose, token_hash: tokenHash })
      .whereNull('used_at')
      .where('expires_at', '>', now)
      .first()) as { user_id: string } | undefined;
    return row?.user_id ?? null;
  }

  /**
   * Uses a token in one conditional UPDATE: of two concurrent uses, exactly one gets the user id
   * back, the other null. Never check-then-act.
   */
  async consume(purpose: EmailTokenPurpose, tokenHash: string, now: Date, trx: Db): Promise<string | null> {
    const [row] = (await trx('email_tokens')
      .where({ purpose, token_hash: tokenHash })
      .whereNull('used_at')
      .where('expires_at', '>', now)
      .update({ used_at: now })
      .returning(['user_id'])) as { user_id: string }[];
    return row?.user_id ?? null;
  }

  /** Kills every other outstanding token of that purpose (a reset that succeeded, a resent link). */
  async invalidateAll(userId: string, purpose: EmailTokenPurpose, now: Date, trx: Db): Promise<number> {
    return trx('email_tokens').where({ user_id: userId, purpose }).whereNull('used_at').update({ used_at: now });
  }

  /** Deletes used and expired tokens older than the cutoff (maintenance). */
  async purge(before: Date): Promise<number> {
    return this.db('email_tokens')
      .where((old) => old.where('used_at', '<', before).orWhere('expires_at', '<', before))
      .delete();
  }

  // The account facts below live on the users table; this repository owns the columns that email
  // tokens prove (email_verified_at) so the users module stays unaware of mail.

  async markVerified(userId: string, now: Date, trx: Db): Promise<void> {
    await trx('users').where({ id: userId }).whereNull('email_verified_at').update({ email_verified_at: now });
  }

  async verifiedUserIds(userIds: readonly string[]): Promise<Set<string>> {
    const valid = userIds.filter(isUuid);
    if (valid.length === 0) return new Set();
    const rows = (await this.db('users').select('id').whereIn('id', valid).whereNotNull('email_verified_at')) as {
      id: string;
    }[];
    return new Set(rows.map((row) => row.id));
  }

  /** A live account by email (case-insensitive), with what mail needs. */
  async accountByEmail(email: string, trx: Db = this.db): Promise<Account | null> {
    const row = (await trx('users')
      .select('id', 'email', 'display_name', 'email_verified_at')
      .whereRaw('lower(email) = lower(?)', [email])
      .whereNull('deleted_at')
      .first()) as AccountRow | undefined;
    return row ? toAccount(row) : null;
  }

  async accountById(id: string, trx: Db = this.db): Promise<Account | null> {
    if (!isUuid(id)) return null;
    const row = (await trx('users')
      .select('id', 'email', 'display_name', 'email_verified_at')
      .where({ id })
      .whereNull('deleted_at')
      .first()) as AccountRow | undefined;
    return row ? toAccount(row) : null;
  }

  /** Has this user signed in before, and ever from this device label and address? */
  async signInHistory(
    userId: string,
    device: string,
    ipAddress: string | null,
    trx: Db,
  ): Promise<{ any: boolean; seen: boolean }> {
    const row = (await trx('sessions')
      .where({ user_id: userId })
      .select(
        trx.raw('count(*)::int as total'),
        trx.raw('count(*) filter (where device = ? and ip_address is not distinct from ?)::int as same', [
          device,
          ipAddress,
        ]),
      )
      .first()) as { total: number; same: number };
    return { any: row.total > 0, seen: row.same > 0 };
  }
}

interface AccountRow {
  id: string;
  email: string;
  display_name: string;
  email_verified_at: Date | null;
}

export interface Account {
  id: string;
  email: string;
  displayName: string;
  emailVerified: boolean;
}

const toAccount = (row: AccountRow): Account => ({
  id: row.id,
  email: row.email,
  displayName: row.display_name,
  emailVerified: row.email_verified_at !== null,
});
