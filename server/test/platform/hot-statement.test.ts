import type { Knex } from 'knex';
import { createDatabase } from '../../src/platform/db/database';
import { hotStatement, runHot } from '../../src/platform/db/hot-statement';
import { testEnv } from '../support/env';

// node-postgres itself (the embedded database always goes through knex).
const describeWithPostgres = testEnv.embedded ? describe.skip : describe;

describeWithPostgres('hot statements', () => {
  let db: Knex;
  beforeAll(() => {
    db = createDatabase({ url: testEnv.databaseUrl, dataDir: '', poolMax: 2 });
  });
  afterAll(() => db.destroy());

  it("turn ? into $n once, and run on the pool with knex's query event", async () => {
    const statement = hotStatement('hot_statement_test', 'select ?::int + ?::int as sum, ?::text as text');
    expect(statement.text).toBe('select $1::int + $2::int as sum, $3::text as text');
    const seen: { sql: string; bindings: unknown[] }[] = [];
    const listener = (query: { sql: string; bindings: unknown[] }) => seen.push(query);
    db.on('query', listener);
    try {
      expect(await runHot<{ sum: number; text: string }>(db, statement, [2, 3, 'x'])).toEqual([{ sum: 5, text: 'x' }]);
      // Prepared under its name: the second run on that connection reuses it.
      expect(await runHot<{ sum: number }>(db, statement, [4, 5, 'y'])).toEqual([{ sum: 9, text: 'y' }]);
    } finally {
      db.off('query', listener);
    }
    expect(seen.map((query) => [query.sql, query.bindings])).toEqual([
      [statement.sql, [2, 3, 'x']],
      [statement.sql, [4, 5, 'y']],
    ]);
  });

  it('are prepared under their name on the connection that runs them', async () => {
    const single = createDatabase({ url: testEnv.databaseUrl, dataDir: '', poolMax: 1 });
    try {
      const statement = hotStatement('hot_statement_named', 'select ?::int as n');
      expect(await runHot<{ n: number }>(single, statement, [7])).toEqual([{ n: 7 }]);
      // One connection: this asks the session that just ran the statement.
      const prepared = await single.raw<{ rows: { name: string; statement: string }[] }>(
        'select name, statement from pg_prepared_statements',
      );
      expect(prepared.rows).toEqual([{ name: 'hot_statement_named', statement: statement.text }]);
    } finally {
      await single.destroy();
    }
  });

  it('inside a transaction, run on its connection (and see what it has not committed)', async () => {
    const statement = hotStatement(undefined, 'select count(*)::int as n from hot_statement_scratch where label = ?');
    await db.transaction(async (trx) => {
      await trx.raw('create temporary table hot_statement_scratch (label text) on commit drop');
      await trx.raw("insert into hot_statement_scratch values ('a'), ('a'), ('b')");
      expect(await runHot<{ n: number }>(trx, statement, ['a'])).toEqual([{ n: 2 }]);
    });
  });

  it('fail like any statement when PostgreSQL refuses one', async () => {
    await expect(runHot(db, hotStatement(undefined, 'select * from no_such_table where id = ?'), [1])).rejects.toThrow(
      /no_such_table/,
    );
    // The connection went back to the pool and still works.
    expect(await runHot<{ one: number }>(db, hotStatement(undefined, 'select 1 as one'), [])).toEqual([{ one: 1 }]);
  });
});
