import { types } from 'pg';
import knexFactory from 'knex';
import { parseIsoTimestamptz, parseTimestamptz } from '../../src/platform/db/timestamp-parser';
import { testEnv } from '../support/env';

// node-postgres's own parser, as the module captured it (setTypeParser may have replaced it since).
const library = (text: string) => {
  const parse = types.getTypeParser(types.builtins.TIMESTAMPTZ, 'text') as (text: string) => Date | number;
  return parse === parseTimestamptz ? undefined : parse(text);
};
// postgres-date itself, for when the app's parser is installed in this process.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const postgresDate = require('postgres-date') as (text: string) => Date | number | null;

const same = (text: string) => {
  const expected = library(text) ?? postgresDate(text);
  const actual = parseTimestamptz(text);
  expect([text, actual instanceof Date ? actual.getTime() : actual]).toEqual([
    text,
    expected instanceof Date ? expected.getTime() : expected,
  ]);
};

describe('the timestamptz parser', () => {
  it('gives the Date postgres-date gives, for the texts PostgreSQL sends', () => {
    let seed = 7;
    const next = (n: number) => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) % n;
    const pad = (n: number, width: number) => String(n).padStart(width, '0');
    const zones = ['+00', '-00', '+05', '-08', '+05:30', '-03:30', '+05:45', '+14', '-12', '+01:02:03'];
    for (let i = 0; i < 20_000; i += 1) {
      const fraction = next(7) === 0 ? '' : `.${pad(next(1_000_000), 6).slice(0, 1 + next(6))}`;
      const text =
        `${1000 + next(9000)}-${pad(1 + next(12), 2)}-${pad(1 + next(28), 2)} ` +
        `${pad(next(24), 2)}:${pad(next(60), 2)}:${pad(next(60), 2)}${fraction}${zones[next(zones.length)]}`;
      expect(parseIsoTimestamptz(text)).not.toBeNull();
      same(text);
    }
  });

  it('hands every other text to node-postgres (BC, infinity, long years, other shapes)', () => {
    for (const text of [
      '0044-03-15 12:00:00+00 BC',
      'infinity',
      '-infinity',
      '12026-01-01 00:00:00+00',
      '0099-01-01 00:00:00+00',
      '2026-01-01T00:00:00Z',
      '2026-01-01 00:00:00',
      '2026-01-01 00:00:00.1234567+00',
      '2026-01-01',
      'not a date',
    ]) {
      expect(parseIsoTimestamptz(text)).toBeNull();
      same(text);
    }
  });

  // PostgreSQL itself (the embedded database parses its own timestamps).
  const withPostgres = testEnv.embedded ? it.skip : it;
  withPostgres('reads what PostgreSQL writes, whatever the session time zone', async () => {
    const db = knexFactory({
      client: 'pg',
      connection: testEnv.databaseUrl,
      pool: { min: 1, max: 1 },
    });
    try {
      for (const zone of ['UTC', 'Asia/Kolkata', 'America/St_Johns', 'Pacific/Chatham', 'Asia/Kathmandu']) {
        await db.raw(`set time zone '${zone}'`);
        const { rows } = (await db.raw(
          `select t::text as text, floor(extract(epoch from t) * 1000)::bigint as ms
           from (values (timestamptz '2026-03-29 01:30:00.123456+00'), (timestamptz '1999-12-31 23:59:59.9+00'),
                        (timestamptz '2026-11-30 10:00:00+00'), (clock_timestamp())) v(t)`,
        )) as { rows: { text: string; ms: string }[] };
        for (const row of rows) {
          expect(parseIsoTimestamptz(row.text)?.getTime()).toBe(Number(row.ms));
        }
      }
    } finally {
      await db.destroy();
    }
  });
});
