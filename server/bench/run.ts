/**
 * `npm run bench`: the anonymous feed (first: 20, with authors) through the whole server
 * against a bare node:http + pg handler serving the same page, side by side in alternating
 * rounds after a warm-up, with the stack's own floor (express + Apollo + graphql-jit around the
 * bare handler's page) in between to show which share of the gap is Inkwell's; then the feed's
 * p50 latency at 10 thousand and at 1 million posts (keyset pagination should keep them close).
 * Uses a database of its own, created and dropped like test/run-tests.js does.
 */
import 'reflect-metadata';
import { createScratchDatabase } from './scratch-database';
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { POST_CURSORS } from '../src/modules/posts/post.cursors';
import { MIGRATIONS_DIR } from '../src/platform/db/database';
import { load, sequential, type LoadResult } from './load';

// A dev tool outside src/ (like test/run-tests.js): it reads its own few variables.
const DATABASE_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
/** Measured time per server, split into alternating rounds after a warm-up of each. */
const DURATION_MS = Number(process.env.BENCH_DURATION_MS || 10_000);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS || 5));
const ROUND_MS = DURATION_MS / ROUNDS;
const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS || 4_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 16);
const LARGE = Number(process.env.BENCH_LARGE || 1_000_000);
/** A directory: the full server writes a V8 CPU profile there (open it in Chrome DevTools). */
const CPU_PROF_DIR = process.env.BENCH_CPU_PROF;

const FEED = JSON.stringify({
  query: `query Feed { posts(first: 20) { edges { cursor node { id title slug excerpt publishedAt author { id displayName } } }
    pageInfo { hasNextPage endCursor } } }`,
});
const feedAfter = (cursor: string) =>
  JSON.stringify({
    query: `query Feed($after: String) { posts(first: 20, after: $after) { edges { cursor node { id title slug excerpt
      publishedAt author { id displayName } } } pageInfo { hasNextPage endCursor } } }`,
    variables: { after: cursor },
  });

async function seed(db: Knex, total: number) {
  const authors = (await db('users')
    .insert(
      Array.from({ length: 10 }, (_, i) => ({
        email: `bench-${i}@bench.test`,
        display_name: `Bench Author ${i}`,
        password_hash: 'x',
      })),
    )
    .onConflict(db.raw('(lower(email))'))
    .ignore()
    .returning('id')) as { id: string }[];
  const ids = authors.length ? authors.map((a) => a.id) : await db('users').pluck('id');
  const existing = Number((await db('posts').count<{ count: string }[]>('* as count'))[0]!.count);
  const batch = 100_000;
  for (let from = existing + 1; from <= total; from += batch) {
    const to = Math.min(total, from + batch - 1);
    await db.raw(
      `insert into posts (author_id, title, slug, body, excerpt, status, published_at, created_at, updated_at)
       select (?::uuid[])[1 + g % 10], 'Post number ' || g, 'bench-post-' || g,
              'Lorem ipsum dolor sit amet, consectetur adipiscing elit. Post ' || g, 'Lorem ipsum dolor sit amet',
              'published', ts, ts, ts
       from generate_series(?::int, ?::int) g,
            lateral (select timestamptz '2026-01-01' - make_interval(secs => g) as ts) t`,
      [ids, from, to],
    );
  }
  await db.raw('analyze posts');
  await db.raw('analyze users');
}

function startServer(
  mode: 'full' | 'floor' | 'bare',
  databaseUrl: string,
): Promise<{ port: number; child: ChildProcess }> {
  const child = fork(path.join(__dirname, 'server.ts'), [mode, databaseUrl, REDIS_URL], {
    execArgv: [
      '-r',
      '@swc-node/register',
      ...(mode === 'full' && CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF_DIR}`] : []),
    ],
    // As the container runs it: libraries (graphql-js, express) skip their development checks.
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (message: { port: number }) => resolve({ port: message.port, child }));
    child.once('exit', (code) => reject(new Error(`${mode} server exited with ${code}`)));
  });
}

/** The child's CPU time (user + system, µs) so far. */
function cpuTime(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    const onMessage = (message: { cpu?: NodeJS.CpuUsage }) => {
      if (!message.cpu) return;
      child.off('message', onMessage);
      resolve(message.cpu.user + message.cpu.system);
    };
    child.on('message', onMessage);
    child.send({ cpu: true });
  });
}

/**
 * CPU time (µs) of every local PostgreSQL process so far, from /proc (Linux); null elsewhere or
 * when PostgreSQL runs on another host. Both servers share the same PostgreSQL, so its CPU per
 * request shows what each one's SQL costs the database.
 */
function postgresCpuTime(): number | null {
  try {
    const tick = 1e6 / 100; // USER_HZ is 100 on Linux
    let total = 0;
    let found = false;
    for (const pid of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      let stat: string;
      try {
        stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      } catch {
        continue; // exited meanwhile
      }
      const close = stat.lastIndexOf(')');
      if (stat.slice(stat.indexOf('(') + 1, close) !== 'postgres') continue;
      const fields = stat.slice(close + 2).split(' ');
      total += (Number(fields[11]) + Number(fields[12])) * tick; // utime, stime
      found = true;
    }
    return found ? total : null;
  } catch {
    return null;
  }
}

/** One round of load on one server, with its CPU time and PostgreSQL's per answered request. */
async function measure(server: { port: number; child: ChildProcess }, path: string, durationMs: number) {
  const before = await cpuTime(server.child);
  const postgresBefore = postgresCpuTime();
  const result = await load(server.port, path, FEED, { connections: CONNECTIONS, durationMs });
  const cpuUs = (await cpuTime(server.child)) - before;
  const postgresAfter = postgresCpuTime();
  const requests = Math.max(1, result.requests);
  return {
    ...result,
    cpuPerRequest: cpuUs / requests,
    postgresCpuPerRequest:
      postgresBefore === null || postgresAfter === null ? null : (postgresAfter - postgresBefore) / requests,
  };
}
type Round = Awaited<ReturnType<typeof measure>>;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** The median round of each figure: one slow round (a noisy neighbour) does not decide. */
function summarize(rounds: Round[]) {
  const postgres = rounds.map((r) => r.postgresCpuPerRequest);
  return {
    requests: rounds.reduce((sum, r) => sum + r.requests, 0),
    errors: rounds.reduce((sum, r) => sum + r.errors, 0),
    rps: median(rounds.map((r) => r.rps)),
    p50: median(rounds.map((r) => r.p50)),
    p99: median(rounds.map((r) => r.p99)),
    cpuPerRequest: median(rounds.map((r) => r.cpuPerRequest)),
    postgresCpuPerRequest: postgres.every((v) => v !== null) ? median(postgres as number[]) : null,
  };
}

const fmt = (r: Pick<LoadResult, 'rps' | 'p50' | 'p99' | 'requests' | 'errors'>) =>
  `${r.rps.toFixed(0).padStart(6)} req/s   p50 ${r.p50.toFixed(2).padStart(6)} ms   p99 ${r.p99.toFixed(2).padStart(6)} ms   (${r.requests} ok, ${r.errors} errors)`;

/** A cursor halfway down the feed, for a page deep in the list. */
async function middleCursor(db: Knex): Promise<string> {
  const count = Number((await db('posts').count<{ count: string }[]>('* as count'))[0]!.count);
  const row = (await db('posts')
    .select('id', 'published_at')
    .orderBy([
      { column: 'published_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .offset(Math.floor(count / 2))
    .first()) as { id: string; published_at: Date };
  return POST_CURSORS.published.encode({ at: row.published_at, id: row.id });
}

async function latencyAt(port: number, db: Knex, label: string) {
  const middle = feedAfter(await middleCursor(db));
  // Warm-up of both shapes (the `after` one is compiled on its first request).
  await sequential(port, '/api/v1/graphql', FEED, 200);
  await sequential(port, '/api/v1/graphql', middle, 200);
  const first = await sequential(port, '/api/v1/graphql', FEED, 400);
  const deep = await sequential(port, '/api/v1/graphql', middle, 400);
  console.log(
    `  ${label.padEnd(18)} first page p50 ${first.p50.toFixed(2)} ms · middle page p50 ${deep.p50.toFixed(2)} ms`,
  );
  return { first: first.p50, deep: deep.p50 };
}

async function main() {
  const scratch = await createScratchDatabase(DATABASE_URL);
  const name = scratch.name;
  const databaseUrl = scratch.url;
  const db = knexFactory({ client: 'pg', connection: databaseUrl });
  const children: ChildProcess[] = [];
  try {
    await db.migrate.latest({ directory: MIGRATIONS_DIR, loadExtensions: ['.js'] });
    let started = Date.now();
    await seed(db, 10_000);
    console.log(`Seeded 10,000 posts in ${Date.now() - started} ms (database ${name})\n`);

    const fullServer = await startServer('full', databaseUrl);
    const floorServer = await startServer('floor', databaseUrl);
    const bareServer = await startServer('bare', databaseUrl);
    children.push(fullServer.child, floorServer.child, bareServer.child);

    console.log(
      `Feed query (first: 20, with authors), ${CONNECTIONS} connections, ${ROUNDS} alternating rounds of ${ROUND_MS / 1000} s each (medians):`,
    );
    // Warm-up until V8 has optimised the hot paths: the full server needs seconds, not requests.
    await load(fullServer.port, '/api/v1/graphql', FEED, { connections: CONNECTIONS, durationMs: WARMUP_MS });
    await load(floorServer.port, '/api/v1/graphql', FEED, { connections: CONNECTIONS, durationMs: WARMUP_MS });
    await load(bareServer.port, '/', FEED, { connections: CONNECTIONS, durationMs: WARMUP_MS });
    const fullRounds: Round[] = [];
    const floorRounds: Round[] = [];
    const bareRounds: Round[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      fullRounds.push(await measure(fullServer, '/api/v1/graphql', ROUND_MS));
      floorRounds.push(await measure(floorServer, '/api/v1/graphql', ROUND_MS));
      bareRounds.push(await measure(bareServer, '/', ROUND_MS));
    }
    const full = summarize(fullRounds);
    const floor = summarize(floorRounds);
    const bare = summarize(bareRounds);
    console.log(`  Inkwell server   ${fmt(full)}`);
    console.log(`  stack floor      ${fmt(floor)}`);
    console.log(`  bare http + pg   ${fmt(bare)}`);
    const ratios = fullRounds.map((r, i) => `${((r.rps / bareRounds[i]!.rps) * 100).toFixed(0)}%`).join(' ');
    console.log(
      `  ratio            ${((full.rps / bare.rps) * 100).toFixed(1)}% of the bare handler (target ≥ 50%; by round: ${ratios})`,
    );
    console.log(
      `  stack floor      ${((floor.rps / bare.rps) * 100).toFixed(1)}% of the bare handler (express + Apollo + graphql-jit, none of Inkwell's layers)`,
    );
    // Less sensitive to other load on the machine than req/s: what one request costs the server.
    const cpu = (r: { cpuPerRequest: number }) => `${(r.cpuPerRequest / 1000).toFixed(2)} ms`;
    console.log(`  server CPU/req   Inkwell ${cpu(full)} · floor ${cpu(floor)} · bare ${cpu(bare)}`);
    if (full.postgresCpuPerRequest !== null && bare.postgresCpuPerRequest !== null) {
      const pg = (r: { postgresCpuPerRequest: number | null }) => `${(r.postgresCpuPerRequest! / 1000).toFixed(2)} ms`;
      console.log(`  PostgreSQL CPU/req   Inkwell ${pg(full)} · floor ${pg(floor)} · bare ${pg(bare)}`);
    }
    console.log('');

    console.log('Feed latency by table size (sequential requests, full server):');
    const small = await latencyAt(fullServer.port, db, '10,000 posts');
    started = Date.now();
    await seed(db, LARGE);
    console.log(
      `  (seeded up to ${LARGE.toLocaleString('en')} posts in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );
    const large = await latencyAt(fullServer.port, db, `${LARGE.toLocaleString('en')} posts`);
    const change = (a: number, b: number) => `${(((b - a) / a) * 100).toFixed(1)}%`;
    console.log(
      `  change           first page ${change(small.first, large.first)} · middle page ${change(small.deep, large.deep)} (target within 20%)`,
    );
  } finally {
    children.forEach((child) => child.kill());
    await db.destroy();
    await scratch.drop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
