import type { Knex } from 'knex';

/**
 * The statements every public page runs (a page of posts, its authors), written once with `?`
 * placeholders and kept: the text knex would send, and PostgreSQL's `$n` form of it.
 */
export interface HotStatement {
  /** Prepared under this name once per connection; undefined: planned per execution. */
  readonly name: string | undefined;
  /** With `?` placeholders, as knex takes it (the embedded database, transactions). */
  readonly sql: string;
  /** With `$1`, `$2`…, as node-postgres takes it. */
  readonly text: string;
}

/** A hot statement from SQL with `?` placeholders (no `?` may appear anywhere else in it). */
export function hotStatement(name: string | undefined, sql: string): HotStatement {
  let position = 0;
  return { name, sql, text: sql.replace(/\?/g, () => `$${(position += 1)}`) };
}

interface PgConnection {
  query(config: { name?: string; text: string; values: readonly unknown[] }): Promise<{ rows: unknown[] }>;
}

/** knex's name for node-postgres (PGlite's client is another class with the same driver name). */
const NODE_POSTGRES = new Set(['pg', 'postgres', 'postgresql']);

interface PooledClient {
  config: { client?: unknown };
  emit(event: 'query', query: { sql: string; bindings: readonly unknown[]; method: 'raw'; options: object }): void;
  acquireConnection(): Promise<PgConnection>;
  releaseConnection(connection: PgConnection): Promise<unknown>;
}

/**
 * Runs a hot statement on a connection of knex's own pool (the same pool, limits and timeouts
 * as every other statement), handing it to node-postgres directly. knex's query runner, which
 * rewrites the text, copies the bindings and wraps the result on every call, cost about a
 * twentieth of an uncached feed request for its two statements (ADR 4's profile); these two
 * are already written out, so there is nothing for it to do. Inside a transaction, and on
 * the embedded database (PGlite is not node-postgres), it goes through knex as before.
 */
export async function runHot<Row>(db: Knex, statement: HotStatement, values: readonly unknown[]): Promise<Row[]> {
  const client = db.client as unknown as PooledClient;
  if (db.isTransaction || !NODE_POSTGRES.has(client.config.client as string)) {
    const query = db.raw(statement.sql, values as Knex.RawBinding[]);
    if (statement.name) query.options({ name: statement.name });
    return ((await query) as { rows: Row[] }).rows;
  }
  const connection = await client.acquireConnection();
  // knex's own `query` event, as its runner emits it: whoever watches statements there (tests
  // counting a page's statements, a debugging hook) still sees these.
  client.emit('query', {
    sql: statement.sql,
    bindings: values,
    method: 'raw',
    options: statement.name ? { name: statement.name } : {},
  });
  try {
    const { rows } = await connection.query({ name: statement.name, text: statement.text, values });
    return rows as Row[];
  } finally {
    await client.releaseConnection(connection);
  }
}
