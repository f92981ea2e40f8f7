import type { Knex } from 'knex';

export type Transaction = Knex.Transaction;

/**
 * Runs `work` in one PostgreSQL transaction: committed when it resolves, rolled back when it
 * throws. Services receive this function instead of the knex instance, so every transaction
 * opens the same way and no service can run a statement outside its repositories.
 */
export type Transact = <T>(work: (trx: Transaction) => Promise<T>) => Promise<T>;

export const transactionsOf =
  (db: Knex): Transact =>
  (work) =>
    db.transaction(work);

/**
 * A savepoint inside `trx`: a failure of `work` (a unique violation, say) rolls back only what
 * it did, and the enclosing transaction carries on.
 */
export const withSavepoint = <T>(trx: Transaction, work: (savepoint: Transaction) => Promise<T>): Promise<T> =>
  trx.transaction(work);
