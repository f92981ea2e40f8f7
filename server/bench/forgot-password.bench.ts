/**
 * "Forgot password" must answer an address with an account and one without alike, in the same
 * time, or its timing tells a stranger who has an account. This bench asks for reset links
 * for known and unknown addresses, interleaved in a random order one at a time, and prints the
 * median and p90 answer time of each side by side (and the server's SQL per request).
 *
 *   node -r @swc-node/register bench/forgot-password.bench.ts       (from server/)
 *
 * A database of its own (created, migrated, dropped) and a Redis key prefix of its own (its keys
 * deleted after). The app runs in this process; the client side costs both kinds the same. On a
 * shared machine single numbers are noisy: compare the two columns of one run.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { BENCH_SECRETS } from './harness';
import { createScratchDatabase } from '../scripts/scratch-database.cjs';
import type { RedisStore } from '../src/platform/shared-store/redis-store';

const DATABASE_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const ROUNDS = Number(process.env.BENCH_ROUNDS || 400);
const ACCOUNTS = 20;

function post(port: number, path: string, body: unknown): Promise<{ status: number; ms: number }> {
  const payload = JSON.stringify(body);
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const request = http.request(
      { port, path, method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Length': payload.length } },
      (response) => {
        response.resume();
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, ms: Number(process.hrtime.bigint() - started) / 1e6 }),
        );
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

async function main() {
  const scratch = await createScratchDatabase({
    prefix: 'inkwell_bench_forgot',
    adminUrl: DATABASE_URL,
    migrate: true,
  });
  const prefix = `inkwell:bench:forgot:${process.pid}:`;
  const { createApp } = await import('../src/app');
  const { loadConfig } = await import('../src/platform/config');
  const { openConnections } = await import('../src/platform/connections');
  const { createLogger } = await import('../src/platform/observability/logger');

  const config = loadConfig({
    NODE_ENV: 'production',
    DATABASE_URL: scratch.url,
    REDIS_URL,
    REDIS_KEY_PREFIX: prefix,
    ...BENCH_SECRETS,
    LOG_LEVEL: 'silent',
    MIGRATE_ON_START: 'false',
    // The limits are the same for both kinds of address; open them so that none answers 429.
    RATE_LIMIT_PASSWORD_FORGOT: '1000000/1m',
    RATE_LIMIT_PASSWORD_FORGOT_EMAIL: '1000000/1m',
    RATE_LIMIT_REGISTER: '1000000/1m',
  });
  const logger = createLogger(config.logLevel);
  // Redis or nothing: a run against the in-process store would measure something else.
  const { db, store } = await openConnections(config, { logger, requireStore: true });
  const app = await createApp({ config, logger, db, store });
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  const { port } = app.server.address() as AddressInfo;
  let statements = 0;
  db.on('query', () => (statements += 1));

  try {
    const run = randomBytes(3).toString('hex');
    const known = Array.from({ length: ACCOUNTS }, (_, i) => `known-${i}-${run}@example.com`);
    const unknown = Array.from({ length: ACCOUNTS }, (_, i) => `nobody-${i}-${run}@example.com`);
    for (const email of known) {
      const created = await post(port, '/api/v1/auth/register/', { email, password: 'bench password 123' });
      if (created.status !== 201) throw new Error(`register answered ${created.status}`);
    }
    const forgot = (email: string) => post(port, '/api/v1/auth/password/forgot/', { email });
    // Warm-up: JIT, pools and caches for both paths.
    for (let i = 0; i < 40; i++) await forgot(i % 2 ? known[i % ACCOUNTS]! : unknown[i % ACCOUNTS]!);

    const times = { known: [] as number[], unknown: [] as number[] };
    const sql = { known: 0, unknown: 0 };
    // CPU time of this process (server and client) per request: steadier than wall time here.
    const cpu = { known: 0, unknown: 0 };
    const statuses = new Set<number>();
    for (let round = 0; round < ROUNDS; round++) {
      const order = Math.random() < 0.5 ? (['known', 'unknown'] as const) : (['unknown', 'known'] as const);
      for (const kind of order) {
        const email = (kind === 'known' ? known : unknown)[round % ACCOUNTS]!;
        const before = statements;
        const cpuBefore = process.cpuUsage();
        const answer = await forgot(email);
        const used = process.cpuUsage(cpuBefore);
        cpu[kind] += (used.user + used.system) / 1000;
        sql[kind] += statements - before;
        statuses.add(answer.status);
        times[kind].push(answer.ms);
      }
    }

    console.log(`POST /api/v1/auth/password/forgot/: ${ROUNDS} requests of each kind, interleaved at random\n`);
    console.log(
      `${'address'.padEnd(10)}${'median ms'.padStart(11)}${'p90 ms'.padStart(9)}${'CPU ms/req'.padStart(12)}${'SQL/req'.padStart(9)}`,
    );
    for (const kind of ['known', 'unknown'] as const) {
      const sorted = [...times[kind]].sort((a, b) => a - b);
      console.log(
        `${kind.padEnd(10)}${quantile(sorted, 0.5).toFixed(2).padStart(11)}${quantile(sorted, 0.9).toFixed(2).padStart(9)}` +
          `${(cpu[kind] / ROUNDS).toFixed(2).padStart(12)}${(sql[kind] / ROUNDS).toFixed(2).padStart(9)}`,
      );
    }
    const median = (kind: 'known' | 'unknown') =>
      quantile(
        [...times[kind]].sort((a, b) => a - b),
        0.5,
      );
    console.log(`\nmedian difference (known - unknown): ${(median('known') - median('unknown')).toFixed(2)} ms`);
    console.log(`statuses: ${[...statuses].join(', ')} (expected only 202)`);
    if (sql.known !== sql.unknown || [...statuses].some((status) => status !== 202)) process.exitCode = 1;
  } finally {
    await app.stop();
    await new Promise((resolve) => app.server.close(resolve));
    await db.destroy();
    // This run's keys only (the prefix is this process's own).
    const redis = store as RedisStore; // requireStore: Redis, never the in-process store
    const keys = await redis.client.keys(`${prefix}*`).catch(() => [] as string[]);
    if (keys.length) await redis.client.del(...keys.map((key) => key.slice(prefix.length)));
    await redis.close();
    await scratch.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
