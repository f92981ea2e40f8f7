/**
 * The auth benchmark: refresh throughput (each virtual client holds its own session and always
 * refreshes with its latest token), authenticated-request throughput (`{ __typename }` and
 * `{ viewer { email } }` with a Bearer token, next to anonymous `{ __typename }` as the floor),
 * and the SQL each of those runs (an authenticated `{ __typename }` should run none for auth).
 *
 *   node -r @swc-node/register bench/auth.bench.ts       (from server/)
 *
 * Uses a database of its own, created, migrated and dropped like test/run-tests.js does, and a
 * Redis key prefix of its own. The server runs in a child process (this file, `serve` mode) so
 * the load generator never shares its event loop.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { BENCH, BENCH_SECRETS, resultLine, runBench } from './harness';
import { closedLoop, request, type LoadResult } from './load';
import { createScratchDatabase } from '../scripts/scratch-database.cjs';
import type { RedisStore } from '../src/platform/shared-store/redis-store';
import { fork, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const DURATION_MS = BENCH.durationMs(5_000);
const CONNECTIONS = BENCH.connections;
const SQL_SAMPLE = 100;

const TYPENAME = JSON.stringify({ query: '{ __typename }' });
const VIEWER_EMAIL = JSON.stringify({ query: '{ viewer { email } }' });

// ---------------------------------------------------------------------------------------------
// Server side (child process)
// ---------------------------------------------------------------------------------------------

type ToServer = { type: 'sql-reset' } | { type: 'sql-read' };
type FromServer = { type: 'ready'; port: number } | { type: 'sql'; statements: string[] } | { type: 'ok' };

async function serve(databaseUrl: string, redisUrl: string) {
  // Imported here so the parent process never loads the app.
  const { createApp } = await import('../src/app');
  const { loadConfig } = await import('../src/platform/config');
  const { openConnections } = await import('../src/platform/connections');
  const { createLogger } = await import('../src/platform/observability/logger');

  const config = loadConfig({
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: `inkwell:bench:auth:${process.pid}:`,
    ...BENCH_SECRETS,
    LOG_LEVEL: 'info',
    MIGRATE_ON_START: 'false',
    // The limits are not what is measured here: open them wide.
    RATE_LIMIT_LOGIN: '1000000/1m',
    RATE_LIMIT_REGISTER: '1000000/1m',
    RATE_LIMIT_REFRESH: '1000000/1m',
  });
  // Access lines are written as in production (to stdout, which the runner discards).
  const logger = createLogger(config.logLevel);
  const { db, store } = await openConnections(config, { logger, requireStore: true });
  const redis = store as RedisStore; // requireStore: Redis, never the in-process store
  const app = await createApp({ config, logger, db, store });

  let statements: string[] = [];
  db.on('query', (query: { sql: string }) => statements.push(query.sql));
  process.on('message', (message: ToServer) => {
    if (message.type === 'sql-reset') {
      statements = [];
      process.send!({ type: 'ok' } satisfies FromServer);
    } else {
      process.send!({ type: 'sql', statements } satisfies FromServer);
    }
  });
  process.on('disconnect', () => {
    // The parent is gone: clean up this run's Redis keys and leave.
    void (async () => {
      const keys = await redis.client.keys(`${config.redisKeyPrefix}*`).catch(() => [] as string[]);
      if (keys.length) await redis.client.del(...keys.map((key) => key.slice(config.redisKeyPrefix.length)));
      process.exit(0);
    })();
  });

  app.server.keepAliveTimeout = 60_000;
  app.server.listen(0, '127.0.0.1', () =>
    process.send!({ type: 'ready', port: (app.server.address() as AddressInfo).port } satisfies FromServer),
  );
}

// ---------------------------------------------------------------------------------------------
// Load side (parent process)
// ---------------------------------------------------------------------------------------------

interface Row extends LoadResult {
  name: string;
}

/** Closed-loop load (load.ts) from `clients`, each `step` one request; a named result row. */
async function measure<C>(
  name: string,
  clients: C[],
  step: (client: C, agent: http.Agent) => Promise<{ ok: boolean; ms: number }>,
  durationMs = DURATION_MS,
): Promise<Row> {
  return { name, ...(await closedLoop(clients, step, durationMs)) };
}

interface VirtualClient {
  access: string;
  refresh: string;
}

/** Registers and signs in one user per virtual client (each its own session). */
async function signIn(port: number, count: number): Promise<VirtualClient[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  const run = randomBytes(3).toString('hex');
  const clients = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const credentials = { email: `bench-${run}-${i}@bench.test`, password: 'bench passphrase 1' };
      const registered = await request(agent, port, '/api/v1/auth/register/', JSON.stringify(credentials));
      if (registered.status !== 201) throw new Error(`register: ${registered.status} ${registered.body}`);
      const res = await request(
        agent,
        port,
        '/api/v1/auth/token/',
        JSON.stringify({ ...credentials, device: 'bench' }),
      );
      if (res.status !== 200) throw new Error(`login: ${res.status} ${res.body}`);
      const data = (JSON.parse(res.body) as { data: { access: string; refresh: string } }).data;
      return { access: data.access, refresh: data.refresh };
    }),
  );
  agent.destroy();
  return clients;
}

/** Rotates the client's refresh token, keeping the newest pair. */
async function refreshOnce(port: number, client: VirtualClient, agent: http.Agent) {
  const res = await request(agent, port, '/api/v1/auth/refresh/', JSON.stringify({ refresh: client.refresh }));
  if (res.status !== 200) return { ok: false, ms: res.ms };
  const data = (JSON.parse(res.body) as { data: { access: string; refresh: string } }).data;
  client.refresh = data.refresh;
  client.access = data.access;
  return { ok: true, ms: res.ms };
}

/** A GraphQL request that must answer 200 without errors. */
async function graphql(port: number, agent: http.Agent, body: string, access?: string) {
  const res = await request(agent, port, '/api/v1/graphql', body, access ? { authorization: `Bearer ${access}` } : {});
  return { ok: res.status === 200 && !res.body.includes('"errors"'), ms: res.ms };
}

function startServer(databaseUrl: string): Promise<{ port: number; child: ChildProcess }> {
  const child = fork(__filename, ['serve', databaseUrl, BENCH.redisUrl], {
    execArgv: ['-r', '@swc-node/register'],
    // As the container runs it: libraries (graphql-js, express) skip their development checks.
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (message: FromServer) => {
      if (message.type === 'ready') resolve({ port: message.port, child });
    });
    child.once('exit', (code) => reject(new Error(`auth bench server exited with ${code}`)));
  });
}

function ask(child: ChildProcess, message: ToServer): Promise<FromServer> {
  return new Promise((resolve) => {
    child.once('message', resolve);
    child.send(message);
  });
}

/** The SQL the server runs, per request, while answering `count` sequential requests. */
async function sqlPerRequest(child: ChildProcess, count: number, send: (agent: http.Agent) => Promise<unknown>) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  await send(agent); // warm-up: connections, caches
  await ask(child, { type: 'sql-reset' });
  for (let i = 0; i < count; i += 1) await send(agent);
  const reply = await ask(child, { type: 'sql-read' });
  agent.destroy();
  const statements = reply.type === 'sql' ? reply.statements : [];
  const distinct = [...new Set(statements.map((sql) => sql.replace(/\s+/g, ' ').slice(0, 90)))];
  return { perRequest: statements.length / count, distinct };
}

async function main() {
  const scratch = await createScratchDatabase({
    prefix: 'inkwell_bench_auth',
    adminUrl: BENCH.databaseUrl,
    migrate: true,
  });
  const name = scratch.name;
  const databaseUrl = scratch.url;
  let child: ChildProcess | undefined;
  try {
    const server = await startServer(databaseUrl);
    child = server.child;
    const { port } = server;
    const clients = await signIn(port, CONNECTIONS);
    console.log(
      `Auth benchmark (database ${name}): ${CONNECTIONS} virtual clients, each with its own session; ` +
        `${DURATION_MS / 1000} s per row\n`,
    );

    // Warm-up of every path, briefly.
    await measure('warm-up', clients, (client, agent) => refreshOnce(port, client, agent), 1_000);
    await measure('warm-up', clients, (client, agent) => graphql(port, agent, VIEWER_EMAIL, client.access), 1_000);

    const anonymous = await measure('{ __typename } anonymous (floor)', clients, (_client, agent) =>
      graphql(port, agent, TYPENAME),
    );
    const typename = await measure('{ __typename } + Bearer', clients, (client, agent) =>
      graphql(port, agent, TYPENAME, client.access),
    );
    const viewer = await measure('{ viewer { email } } + Bearer', clients, (client, agent) =>
      graphql(port, agent, VIEWER_EMAIL, client.access),
    );
    const refresh = await measure('POST /api/v1/auth/refresh/ (rotate)', clients, (client, agent) =>
      refreshOnce(port, client, agent),
    );

    const vsFloor = (row: Row) => `${((row.rps / anonymous.rps) * 100).toFixed(0)}% of the floor`;
    for (const row of [anonymous, typename, viewer, refresh]) console.log(resultLine(row.name, 34, row, vsFloor(row)));

    const me = clients[0]!;
    const sql = {
      typename: await sqlPerRequest(child, SQL_SAMPLE, (agent) => graphql(port, agent, TYPENAME, me.access)),
      viewer: await sqlPerRequest(child, SQL_SAMPLE, (agent) => graphql(port, agent, VIEWER_EMAIL, me.access)),
      refresh: await sqlPerRequest(child, SQL_SAMPLE, (agent) => refreshOnce(port, me, agent)),
    };
    console.log(`\nSQL statements per request (${SQL_SAMPLE} sequential requests after a warm-up):`);
    const show = (label: string, result: { perRequest: number; distinct: string[] }, expected: string) => {
      console.log(`  ${label.padEnd(32)} ${result.perRequest.toFixed(2).padStart(5)}   (${expected})`);
      for (const statement of result.distinct) console.log(`      ${statement}`);
    };
    show('{ __typename } + Bearer', sql.typename, 'expected 0: auth is one Redis round trip');
    show('{ viewer { email } } + Bearer', sql.viewer, 'the user row for `email`; none for auth');
    show('refresh (rotate)', sql.refresh, 'REST: the conditional UPDATE of the session, nothing else');
    if (sql.typename.perRequest !== 0) {
      console.log('\n  !! an authenticated { __typename } ran SQL: the auth common path is reading PostgreSQL');
      process.exitCode = 1;
    }
  } finally {
    if (child) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.disconnect();
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3_000))]);
      child.kill();
    }
    await scratch.drop();
  }
}

if (process.argv[2] === 'serve') {
  serve(process.argv[3]!, process.argv[4]!).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
} else {
  runBench(main);
}
