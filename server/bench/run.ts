/**
 * `npm run bench`: the anonymous feed (first: 20, with authors), side by side in alternating
 * rounds after a warm-up, through: Inkwell with its shared response cache (the hot path),
 * Inkwell with RESPONSE_CACHE=off (the uncached path), Inkwell answering a signed-in reader
 * (Bearer, `viewer { user { displayName } }` plus the feed: never cached), the server a team
 * would write first (Apollo Server standalone, SDL resolvers, DataLoader, pg), the stack's own
 * floor (express + Apollo + graphql-jit around the bare handler's page), and a bare node:http + pg
 * handler. Prints every target of the fast-path issue as a ratio from this one run; then the
 * uncached feed's p50 at 10 thousand and at 1 million posts: two databases of its own, each with
 * its own uncached server, measured in the same alternating rounds.
 */
import 'reflect-metadata';
import { createScratchDatabase } from '../scripts/scratch-database.cjs';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import knexFactory, { type Knex } from 'knex';
import { POST_CURSORS } from '../src/modules/posts/post.cursors';
import {
  BENCH,
  median,
  ms,
  resultLine,
  runBench,
  serverUsage,
  signInBenchReader,
  startBenchServer,
  type BenchServer,
  type ServerMode,
  warmUp,
} from './harness';
import { load, sequential } from './load';
import { AUTH_FEED, FEED, FEED_PAGE_FIELDS, seedFeed as seed } from './feed';

/** Measured time per server, split into alternating rounds after a warm-up of each. */
const ROUNDS = BENCH.rounds;
const ROUND_MS = BENCH.durationMs(10_000) / ROUNDS;
/** The longest warm-up of one server (it ends sooner when its CPU per request settles). */
const MAX_WARMUP_MS = BENCH.warmupMs;
const CONNECTIONS = BENCH.connections;
const LARGE = Number(process.env.BENCH_LARGE || 1_000_000);
/** Latency by table size: rounds, and sequential requests per shape and round. */
const LATENCY_ROUNDS = 20;
const LATENCY_REQUESTS = 50;
/** A directory: the full server writes a V8 CPU profile there (open it in Chrome DevTools). */
const CPU_PROF_DIR = process.env.BENCH_CPU_PROF;

const feedAfter = (cursor: string) =>
  JSON.stringify({
    query: `query Feed($after: String) { posts(first: 20, after: $after) ${FEED_PAGE_FIELDS} }`,
    variables: { after: cursor },
  });

type Mode = ServerMode;

function startServer(mode: Mode, databaseUrl: string) {
  const profile = mode === 'full' && CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF_DIR}`] : [];
  return startBenchServer(mode, databaseUrl, { execArgv: profile });
}

/**
 * CPU time (µs) so far of the PostgreSQL backends serving the bench database, from /proc (Linux);
 * null elsewhere or when PostgreSQL runs on another host. Only this database's backends count:
 * other databases on a shared server (and their backends coming and going) do not blur it.
 */
async function postgresCpuTime(db: Knex): Promise<Map<string, number> | null> {
  const { rows } = (await db.raw(
    'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
  )) as { rows: { pid: number }[] };
  const tick = 1e6 / 100; // USER_HZ is 100 on Linux
  const times = new Map<string, number>();
  for (const { pid } of rows) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      times.set(String(pid), (Number(fields[11]) + Number(fields[12])) * tick); // utime, stime
    } catch {
      // exited meanwhile, or not on this host
    }
  }
  return times.size > 0 ? times : null;
}

/** CPU the backends used between two snapshots (a backend started meanwhile counts from zero). */
function postgresCpuUsed(before: Map<string, number> | null, after: Map<string, number> | null): number | null {
  if (!before || !after) return null;
  let used = 0;
  for (const [pid, time] of after) used += time - (before.get(pid) ?? 0);
  return used;
}

interface Target {
  port: number;
  child: ChildProcess;
  path: string;
  body: string;
  headers?: Record<string, string>;
}

/** One round of load on one server, with its CPU time and PostgreSQL's per answered request. */
async function measure(db: Knex, target: Target, durationMs: number) {
  const before = await serverUsage(target.child);
  const postgresBefore = await postgresCpuTime(db);
  const result = await load(target.port, target.path, target.body, {
    connections: CONNECTIONS,
    durationMs,
    headers: target.headers,
  });
  const after = await serverUsage(target.child);
  const postgresAfter = await postgresCpuTime(db);
  const postgresUsed = postgresCpuUsed(postgresBefore, postgresAfter);
  const requests = Math.max(1, result.requests);
  const hits = (after.cache.HIT ?? 0) - (before.cache.HIT ?? 0);
  const considered = ['HIT', 'MISS', 'BYPASS'].reduce(
    (sum, k) => sum + (after.cache[k] ?? 0) - (before.cache[k] ?? 0),
    0,
  );
  return {
    ...result,
    cpuPerRequest: (after.cpu - before.cpu) / requests,
    postgresCpuPerRequest: postgresUsed === null ? null : postgresUsed / requests,
    hitRatio: considered === 0 ? null : hits / considered,
  };
}
type Round = Awaited<ReturnType<typeof measure>>;

/**
 * The median round of each rate and latency: one slow round (a noisy neighbour) does not decide.
 * CPU per request is the server's CPU time over its requests in all rounds: garbage collection
 * and other periodic work land in some rounds and not others, and are part of what a request costs.
 */
function summarize(rounds: Round[]) {
  const postgres = rounds.map((r) => r.postgresCpuPerRequest);
  const cpu = rounds.reduce((sum, r) => sum + r.cpuPerRequest * Math.max(1, r.requests), 0);
  return {
    requests: rounds.reduce((sum, r) => sum + r.requests, 0),
    errors: rounds.reduce((sum, r) => sum + r.errors, 0),
    rps: median(rounds.map((r) => r.rps)),
    p50: median(rounds.map((r) => r.p50)),
    p99: median(rounds.map((r) => r.p99)),
    cpuPerRequest:
      cpu /
      Math.max(
        1,
        rounds.reduce((sum, r) => sum + r.requests, 0),
      ),
    postgresCpuPerRequest: postgres.every((v) => v !== null) ? median(postgres as number[]) : null,
    hitRatio: rounds.every((r) => r.hitRatio !== null) ? median(rounds.map((r) => r.hitRatio!)) : null,
  };
}

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

/** The two pages whose latency is compared by table size: the feed's first, and one halfway down. */
async function latencyShapes(db: Knex) {
  return { first: FEED, middle: feedAfter(await middleCursor(db)) };
}

/**
 * p50 of sequential requests (no queueing) for the first and the middle page of two uncached
 * servers, one over `small` posts and one over `large`, in alternating rounds whose order rotates:
 * what the machine does meanwhile (PostgreSQL checkpointing a fresh million rows, a noisy
 * neighbour, the CPU's clock) falls on both sizes alike instead of on whichever was measured
 * second. Each figure is the median of its rounds' p50s.
 */
async function latencyBySize(servers: { small: BenchServer; large: BenchServer }, dbs: { small: Knex; large: Knex }) {
  const shapes = {
    small: await latencyShapes(dbs.small),
    large: await latencyShapes(dbs.large),
  };
  const runs = (['small', 'large'] as const).flatMap((size) =>
    (['first', 'middle'] as const).map((page) => ({
      size,
      page,
      target: { ...servers[size], path: '/api/v1/graphql', body: shapes[size][page] },
      db: dbs[size],
    })),
  );
  // Both servers are new and warmed up alike: every shape under load until the server's CPU per
  // request settles (the `after` one is compiled on its first request), then one at a time. A
  // server that had served the whole bench before answered its shapes faster than a new one.
  for (const run of runs) {
    await warmUp(async (durationMs) => (await measure(run.db, run.target, durationMs)).cpuPerRequest, MAX_WARMUP_MS);
    await sequential(run.target.port, run.target.path, run.target.body, 200);
  }
  const p50s = runs.map(() => [] as number[]);
  for (let round = 0; round < LATENCY_ROUNDS; round += 1) {
    for (let step = 0; step < runs.length; step += 1) {
      const index = (step + round) % runs.length;
      const run = runs[index]!;
      p50s[index]!.push((await sequential(run.target.port, run.target.path, run.target.body, LATENCY_REQUESTS)).p50);
    }
  }
  const at = (size: 'small' | 'large', page: 'first' | 'middle') =>
    median(p50s[runs.findIndex((run) => run.size === size && run.page === page)]!);
  return {
    small: { first: at('small', 'first'), deep: at('small', 'middle') },
    large: { first: at('large', 'first'), deep: at('large', 'middle') },
  };
}

async function main() {
  const scratch = await createScratchDatabase({ prefix: 'inkwell_bench', adminUrl: BENCH.databaseUrl, migrate: true });
  const name = scratch.name;
  const databaseUrl = scratch.url;
  const db = knexFactory({ client: 'pg', connection: databaseUrl });
  const children: ChildProcess[] = [];
  try {
    let started = Date.now();
    await seed(db, 10_000);
    console.log(`Seeded 10,000 posts in ${Date.now() - started} ms (database ${name})\n`);

    const modes: Mode[] = ['full', 'uncached', 'apollo', 'floor', 'bare'];
    const servers = Object.fromEntries(
      await Promise.all(modes.map(async (mode) => [mode, await startServer(mode, databaseUrl)] as const)),
    ) as Record<Mode, { port: number; child: ChildProcess }>;
    children.push(...Object.values(servers).map((server) => server.child));
    const access = await signInBenchReader(servers.full.port);
    const gqlTarget = (mode: Mode, body = FEED, headers?: Record<string, string>): Target => ({
      ...servers[mode],
      path: mode === 'bare' ? '/' : mode === 'apollo' ? '/' : '/api/v1/graphql',
      body,
      headers,
    });
    const rows = {
      cached: { label: 'Inkwell, response cache on', target: gqlTarget('full') },
      uncached: { label: 'Inkwell, RESPONSE_CACHE=off', target: gqlTarget('uncached') },
      auth: {
        label: 'Inkwell, signed in (Bearer)',
        target: gqlTarget('full', AUTH_FEED, { authorization: `Bearer ${access}` }),
      },
      apollo: { label: 'Apollo standalone peer', target: gqlTarget('apollo') },
      floor: { label: 'stack floor', target: gqlTarget('floor') },
      bare: { label: 'bare http + pg', target: gqlTarget('bare') },
    };
    type Row = keyof typeof rows;

    console.log(
      `Feed query (first: 20, with authors), ${CONNECTIONS} connections, ${ROUNDS} alternating rounds of ${ROUND_MS / 1000} s each (medians):`,
    );
    // Warm-up until V8 has optimised the hot paths (each server's CPU per request settles): the
    // full server needs seconds, not requests, and more of them than the small servers.
    for (const row of Object.values(rows)) {
      await warmUp(async (durationMs) => (await measure(db, row.target, durationMs)).cpuPerRequest, MAX_WARMUP_MS);
    }
    // The order rotates by round: no server is always the one measured after another's load.
    const keys = Object.keys(rows) as Row[];
    const rounds = Object.fromEntries(keys.map((key) => [key, [] as Round[]])) as Record<Row, Round[]>;
    for (let round = 0; round < ROUNDS; round += 1) {
      for (let step = 0; step < keys.length; step += 1) {
        const key = keys[(step + round) % keys.length]!;
        rounds[key].push(await measure(db, rows[key].target, ROUND_MS));
      }
    }
    const r = Object.fromEntries((Object.keys(rows) as Row[]).map((key) => [key, summarize(rounds[key])])) as Record<
      Row,
      ReturnType<typeof summarize>
    >;
    for (const key of Object.keys(rows) as Row[]) {
      const cpu = `CPU/req ${ms(r[key].cpuPerRequest)} · PostgreSQL CPU/req ${ms(r[key].postgresCpuPerRequest)}`;
      console.log(resultLine(rows[key].label, 28, r[key], cpu));
    }
    const pct = (a: number, b: number) => `${((a / b) * 100).toFixed(0)}%`;
    const verdict = (met: boolean) => (met ? 'met' : 'NOT MET');
    const pgRatio =
      r.uncached.postgresCpuPerRequest !== null && r.bare.postgresCpuPerRequest
        ? r.uncached.postgresCpuPerRequest / r.bare.postgresCpuPerRequest
        : null;
    const layers = (r.uncached.cpuPerRequest - r.floor.cpuPerRequest) / 1000;
    console.log('\nTargets (ratios measured side by side in this run):');
    const targets: [string, string, boolean][] = [
      ['cached feed ≥ 150% of bare', pct(r.cached.rps, r.bare.rps), r.cached.rps >= 1.5 * r.bare.rps],
      [
        'cached feed ≥ 4× uncached',
        `${(r.cached.rps / r.uncached.rps).toFixed(1)}×`,
        r.cached.rps >= 4 * r.uncached.rps,
      ],
      ['uncached feed ≥ 45% of bare', pct(r.uncached.rps, r.bare.rps), r.uncached.rps >= 0.45 * r.bare.rps],
      [
        'uncached ahead of the Apollo standalone peer',
        `${(r.uncached.rps / r.apollo.rps).toFixed(2)}× (peer ${pct(r.apollo.rps, r.bare.rps)} of bare)`,
        r.uncached.rps > r.apollo.rps,
      ],
      ["Inkwell's layers ≤ 0.2 ms CPU/req above the stack floor", `${layers.toFixed(2)} ms`, layers <= 0.2],
      [
        'PostgreSQL CPU per uncached request ≤ 1.3× bare',
        pgRatio === null ? 'n/a' : `${pgRatio.toFixed(2)}×`,
        pgRatio !== null && pgRatio <= 1.3,
      ],
      ['signed-in feed ≥ 35% of bare', pct(r.auth.rps, r.bare.rps), r.auth.rps >= 0.35 * r.bare.rps],
    ];
    for (const [name, value, met] of targets) console.log(`  ${name.padEnd(58)} ${value.padEnd(28)} ${verdict(met)}`);
    console.log(
      `  response cache hit ratio (cached row)                      ${r.cached.hitRatio === null ? 'n/a' : pct(r.cached.hitRatio, 1)}`,
    );
    console.log('');

    console.log(
      `Feed latency by table size (sequential requests, Inkwell with RESPONSE_CACHE=off, ${LATENCY_ROUNDS} alternating rounds, medians):`,
    );
    // The large table is a database of its own beside the 10,000 posts; each size is served by
    // a new uncached server of its own, so both are measured in the same rounds.
    const largeScratch = await createScratchDatabase({
      prefix: 'inkwell_bench_large',
      adminUrl: BENCH.databaseUrl,
      migrate: true,
    });
    const largeDb = knexFactory({ client: 'pg', connection: largeScratch.url });
    let largeServer: BenchServer | undefined;
    let smallServer: BenchServer | undefined;
    try {
      started = Date.now();
      await seed(largeDb, LARGE);
      console.log(
        `  (seeded ${LARGE.toLocaleString('en')} posts in ${((Date.now() - started) / 1000).toFixed(1)} s, database ${largeScratch.name})`,
      );
      smallServer = await startServer('uncached', databaseUrl);
      largeServer = await startServer('uncached', largeScratch.url);
      const { small, large } = await latencyBySize(
        { small: smallServer, large: largeServer },
        { small: db, large: largeDb },
      );
      const line = (label: string, sizes: { first: number; deep: number }) =>
        console.log(
          `  ${label.padEnd(18)} first page p50 ${sizes.first.toFixed(2)} ms · middle page p50 ${sizes.deep.toFixed(2)} ms`,
        );
      line('10,000 posts', small);
      line(`${LARGE.toLocaleString('en')} posts`, large);
      const change = (a: number, b: number) => `${(((b - a) / a) * 100).toFixed(1)}%`;
      console.log(
        `  change           first page ${change(small.first, large.first)} · middle page ${change(small.deep, large.deep)} (target: no more than 20% slower: ${large.first <= small.first * 1.2 && large.deep <= small.deep * 1.2 ? 'met' : 'NOT MET'})`,
      );
    } finally {
      smallServer?.child.kill();
      largeServer?.child.kill();
      await largeDb.destroy();
      await largeScratch.drop();
    }
  } finally {
    children.forEach((child) => child.kill());
    await db.destroy();
    await scratch.drop();
  }
}

runBench(main);
