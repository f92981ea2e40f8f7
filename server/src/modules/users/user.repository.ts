import type { Knex } from 'knex';
import { hotStatement, runHot } from '../../platform/db/hot-statement';
import { isUuid, uuidArray } from '../../platform/db/uuid';
import type { PublicUserRecord, UserRecord, UserWithPassword } from './user.record';

interface UserRow {
  id: string;
  email: string;
  display_name: string;
  password_hash: string;
  token_version: number;
  auth_version: number;
  role: 'author' | 'admin';
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
}

const UNIQUE_VIOLATION = '23505';

const PUBLIC_COLUMNS = [
  'id',
  'email',
  'display_name',
  'token_version',
  'auth_version',
  'role',
  'created_at',
  'updated_at',
  'deleted_at',
];

const USERS_BY_IDS = hotStatement(
  'users_by_ids',
  `select ${PUBLIC_COLUMNS.map((column) => `"${column}"`).join(', ')} from "users" where id = any(?::uuid[]) and "deleted_at" is null`,
);

/**
 * A live user's public columns read with another table's row in one statement (a public page of
 * posts with their authors): each aliased `user_<column>`, so none collides with that table's.
 * The join itself must keep `users.deleted_at is null`, and joins on the users' key, which the
 * other table's row carries already: only what a reader may see is read (PublicUserRecord).
 */
export const JOINED_USER_COLUMNS =
  '"users"."display_name" as "user_display_name", "users"."created_at" as "user_created_at"';

/** The columns JOINED_USER_COLUMNS adds to a row. */
export interface JoinedUserRow {
  user_display_name: string;
  user_created_at: Date;
}

/** The user `id` a joined row carries (see JOINED_USER_COLUMNS). */
export function joinedUser(id: string, row: JoinedUserRow): PublicUserRecord {
  return { id, displayName: row.user_display_name, createdAt: row.user_created_at };
}

function toRecord(row: Omit<UserRow, 'password_hash'>): UserRecord {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    tokenVersion: row.token_version,
    authVersion: row.auth_version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deletedAt: row.deleted_at,
  };
}

/** The only code that touches the users table. Returns plain records; takes an optional transaction. */
export class UserRepository {
  constructor(private readonly db: Knex) {}

  async create(
    input: { email: string; displayName: string; passwordHash: string },
    trx: Knex | Knex.Transaction = this.db,
  ): Promise<UserRecord | null> {
    try {
      const [row] = (await trx('users')
        .insert({ email: input.email, display_name: input.displayName, password_hash: input.passwordHash })
        .returning(PUBLIC_COLUMNS)) as UserRow[];
      return toRecord(row!);
    } catch (error) {
      // The unique index on lower(email) decides, so two concurrent registrations cannot both win.
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) return null;
      throw error;
    }
  }

  async findByEmailWithPassword(email: string): Promise<UserWithPassword | null> {
    const row = (await this.db('users')
      .whereRaw('lower(email) = lower(?)', [email])
      .whereNull('deleted_at')
      .first()) as UserRow | undefined;
    return row ? { ...toRecord(row), passwordHash: row.password_hash } : null;
  }

  async findByIdWithPassword(id: string): Promise<UserWithPassword | null> {
    if (!isUuid(id)) return null;
    const row = (await this.db('users').where({ id }).whereNull('deleted_at').first()) as UserRow | undefined;
    return row ? { ...toRecord(row), passwordHash: row.password_hash } : null;
  }

  /**
   * Batch read for DataLoader: one statement whatever the number of ids (one array parameter, so
   * its text is the same for 1 or 100 ids, prepared once per connection under its name);
   * soft-deleted users excluded. Every feed page runs it: its SQL text is written once, not
   * built per request.
   */
  async findByIds(ids: readonly string[]): Promise<UserRecord[]> {
    const array = uuidArray(ids);
    if (array === null) return [];
    const rows = await runHot<UserRow>(this.db, USERS_BY_IDS, [array]);
    return rows.map(toRecord);
  }

  /** Sets a live user's display name; null when there is no such user. */
  async updateDisplayName(id: string, displayName: string): Promise<UserRecord | null> {
    if (!isUuid(id)) return null;
    const [row] = (await this.db('users')
      .where({ id })
      .whereNull('deleted_at')
      .update({ display_name: displayName, updated_at: this.db.fn.now() })
      .returning(PUBLIC_COLUMNS)) as UserRow[];
    return row ? toRecord(row) : null;
  }

  /** Sets a new password hash and bumps token_version (and auth_version), returning the user. */
  async changePassword(id: string, passwordHash: string, trx: Knex.Transaction): Promise<UserRecord> {
    return this.changeAuthState(id, { password_hash: passwordHash, token_version: trx.raw('token_version + 1') }, trx);
  }

  /** Sets the role; tokens stay valid, the next request sees the new role (auth_version grows). */
  setRole(id: string, role: 'author' | 'admin', trx: Knex.Transaction): Promise<UserRecord> {
    return this.changeAuthState(id, { role }, trx);
  }

  /** Soft-deletes the account: every token of it dies (token_version grows). */
  softDelete(id: string, trx: Knex.Transaction): Promise<UserRecord> {
    return this.changeAuthState(id, { deleted_at: trx.fn.now(), token_version: trx.raw('token_version + 1') }, trx);
  }

  /** Marks a soft delete as the owner's own, which signing in may undo (an operator's may not). */
  async markDeletedByOwner(id: string): Promise<void> {
    await this.db('users').where({ id }).whereNotNull('deleted_at').update({ deleted_by_owner: true });
  }

  /** Undoes an owner's soft delete (they signed in again within the grace period). */
  restore(id: string, trx: Knex.Transaction): Promise<UserRecord> {
    return this.changeAuthState(id, { deleted_at: null, deleted_by_owner: false }, trx);
  }

  /** An account its owner deleted after `since`, with its password hash (undo by signing in). */
  async findDeletedWithPassword(email: string, since: Date): Promise<UserWithPassword | null> {
    const row = (await this.db('users')
      .whereRaw('lower(email) = lower(?)', [email])
      .whereNotNull('deleted_at')
      .where('deleted_by_owner', true)
      .where('deleted_at', '>', since)
      .first()) as UserRow | undefined;
    return row ? { ...toRecord(row), passwordHash: row.password_hash } : null;
  }

  /** Any change that auth must see on the next request bumps auth_version with it. */
  private async changeAuthState(id: string, changes: Record<string, unknown>, trx: Knex.Transaction) {
    const [row] = (await trx('users')
      .where({ id })
      .update({ ...changes, auth_version: trx.raw('auth_version + 1'), updated_at: trx.fn.now() })
      .returning(PUBLIC_COLUMNS)) as UserRow[];
    return toRecord(row!);
  }

  /** A user found by email, deleted or not (operators' commands), without the password hash. */
  async findByEmail(email: string): Promise<UserRecord | null> {
    const row = (await this.db('users').select(PUBLIC_COLUMNS).whereRaw('lower(email) = lower(?)', [email]).first()) as
      UserRow | undefined;
    return row ? toRecord(row) : null;
  }

  /** Serializes concurrent logins and password changes of one user. */
  async lock(id: string, trx: Knex.Transaction): Promise<void> {
    await trx('users').select('id').where({ id }).forUpdate();
  }
}
