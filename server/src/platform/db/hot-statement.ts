import type { Knex } from 'knex';
import { Query, type Submittable } from 'pg';

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
  query(query: Submittable): unknown;
}

/**
 * A statement handed to node-postgres as a ready query object. Given a `{ name, text, values }`
 * config instead, node-postgres copies it property by property (descriptors and all) before
 * building the same object: about 6 µs a statement, 2% of an uncached feed request. The text
 * form skips that copy; the name (a prepared statement) is set on the built query.
 */
function hotQuery<Row>(statement: HotStatement, values: readonly unknown[]): { query: Query; rows: Promise<Row[]> } {
  let query!: Query;
  const rows = new Promise<Row[]>((resolve, reject) => {
    query = new Query(statement.text, values as unknown[], (error, result) =>
      error ? reject(error) : resolve(result.rows as Row[]),
    );
  });
  (query as { name?: string }).name = statement.name;
  return { query, rows };
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
    const { query, rows } = hotQuery<Row>(statement, values);
    connection.query(query);
    return await rows;
  } finally {
    await client.releaseConnection(connection);
  }
}
