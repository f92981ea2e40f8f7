#!/usr/bin/env node
/**
 * `npm test`: runs the suite against real PostgreSQL and Redis when they answer, in a fresh
 * database created for this run (dropped afterwards) and a Redis key prefix per test app.
 * When they do not answer, it falls back to embedded mode with a loud banner, unless
 * TEST_REQUIRE_SERVICES=1, in which case it fails.
 */
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { Client } = require('pg');
const Redis = require('ioredis');
const { createScratchDatabase } = require('../scripts/scratch-database.cjs');

const DATABASE_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const requireServices = process.env.TEST_REQUIRE_SERVICES === '1';

async function postgresAnswers() {
  const client = new Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return client;
  } catch (error) {
    await client.end().catch(() => {});
    return `PostgreSQL at ${DATABASE_URL}: ${error.message}`;
  }
}

async function redisAnswers() {
  const redis = new Redis(REDIS_URL, {
    lazyConnect: true,
    connectTimeout: 2000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  try {
    await redis.connect();
    await redis.ping();
    return true;
  } catch (error) {
    return `Redis at ${REDIS_URL}: ${error.message}`;
  } finally {
    redis.disconnect();
  }
}

function banner(lines) {
  const width = Math.max(...lines.map((line) => line.length)) + 4;
  const bar = '#'.repeat(width);
  console.error(`\n${bar}\n${lines.map((line) => `# ${line.padEnd(width - 4)} #`).join('\n')}\n${bar}\n`);
}

async function main() {
  const admin = await postgresAnswers();
  const redis = await redisAnswers();
  const problems = [admin, redis].filter((result) => typeof result === 'string');
  const env = { ...process.env, NODE_ENV: 'test' };
  let database;

  if (problems.length > 0) {
    if (requireServices) {
      console.error(`TEST_REQUIRE_SERVICES=1 but a service is not answering:\n  ${problems.join('\n  ')}`);
      process.exit(1);
    }
    banner([
      'EMBEDDED MODE: PostgreSQL and/or Redis are not answering.',
      ...problems,
      'Tests run on in-memory PGlite and the in-process store instead.',
      'Set TEST_REQUIRE_SERVICES=1 to fail instead.',
    ]);
    env.INKWELL_TEST_EMBEDDED = '1';
    // PGlite loads its WebAssembly through dynamic import, which jest's VM needs this flag for.
    env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ''} --experimental-vm-modules`.trim();
    if (typeof admin !== 'string') await admin.end();
  } else {
    await admin.end();
    database = await createScratchDatabase({ prefix: 'inkwell_test', adminUrl: DATABASE_URL, migrate: true });
    env.TEST_DATABASE_URL = database.url;
    env.TEST_ADMIN_DATABASE_URL = DATABASE_URL;
    env.TEST_REDIS_URL = REDIS_URL;
    console.log(`Testing against PostgreSQL (database ${database.name}) and Redis at ${REDIS_URL}`);
  }

  const jest = require.resolve('jest/bin/jest');
  const result = spawnSync(process.execPath, [jest, ...process.argv.slice(2)], {
    cwd: path.join(__dirname, '..'),
    env,
    stdio: 'inherit',
  });

  await database?.drop();
  process.exit(result.status ?? 1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
