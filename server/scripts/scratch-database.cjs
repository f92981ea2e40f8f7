/**
 * The one way to make a scratch PostgreSQL database: for the test run and the test files that
 * need their own (test/), the benchmarks (bench/), the browser suite (client/e2e) and the edge
 * suite (e2e/edge), and from shell scripts through its command line. Plain CommonJS with no
 * build step, so `node` scripts, jest, swc-node and ES modules can all load it as it is.
 *
 *   node server/scripts/scratch-database.cjs create <prefix> [--migrate]   prints the new URL
 *   node server/scripts/scratch-database.cjs drop <url>
 */
const { randomBytes } = require('node:crypto');
const path = require('node:path');
const { Client } = require('pg');

/** Where a scratch database is made when the caller names no server (the contract's default). */
const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const MIGRATIONS_DIR = path.resolve(__dirname, '..', 'migrations');
/** The name goes into SQL as an identifier: only these characters, never quoted. */
const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

async function onAdmin(adminUrl, sql) {
  const client = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The database `url` names, checked to be one a scratch database could have. */
function databaseName(url) {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!IDENTIFIER.test(name)) throw new Error(`not a scratch database name: ${JSON.stringify(name)}`);
  return name;
}

/** Applies the server's migrations to the database at `url`. */
async function migrate(url) {
  const db = require('knex')({ client: 'pg', connection: url });
  try {
    await db.migrate.latest({ directory: MIGRATIONS_DIR, loadExtensions: ['.js'] });
  } finally {
    await db.destroy();
  }
}

/**
 * Creates `<prefix>_<time>_<random>` next to `adminUrl` (same server and credentials), migrated
 * when asked. `drop()` removes it, forcing out sessions still connected.
 */
async function createScratchDatabase({ prefix, adminUrl = DEFAULT_ADMIN_URL, migrate: migrated = false }) {
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  if (!IDENTIFIER.test(name))
    throw new Error(`scratch database prefix must be lower-case letters, digits, _: ${prefix}`);
  await onAdmin(adminUrl, `create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = { name, url: url.toString(), drop: () => dropScratchDatabase(database.url, adminUrl) };
  if (migrated) {
    try {
      await migrate(database.url);
    } catch (error) {
      await database.drop().catch(() => {});
      throw error;
    }
  }
  return database;
}

/** Drops the database `url` names, through the maintenance database of the same server. */
async function dropScratchDatabase(url, adminUrl) {
  const name = databaseName(url);
  const admin = new URL(adminUrl ?? url);
  if (!adminUrl) admin.pathname = '/postgres';
  await onAdmin(admin.toString(), `drop database if exists ${name} with (force)`);
}

module.exports = { DEFAULT_ADMIN_URL, createScratchDatabase, dropScratchDatabase };

if (require.main === module) {
  const [command, arg, flag] = process.argv.slice(2);
  const adminUrl = process.env.DATABASE_URL || DEFAULT_ADMIN_URL;
  const done =
    command === 'create' && arg
      ? createScratchDatabase({ prefix: arg, adminUrl, migrate: flag === '--migrate' }).then((db) =>
          process.stdout.write(`${db.url}\n`),
        )
      : command === 'drop' && arg
        ? dropScratchDatabase(arg, adminUrl)
        : Promise.reject(new Error('usage: scratch-database.cjs create <prefix> [--migrate] | drop <url>'));
  done.catch((error) => {
    process.stderr.write(`scratch-database: ${error.message}\n`);
    process.exit(1);
  });
}
