/**
 * `npm run bench` (third part): what observability costs on the feed, served two ways: the
 * cached anonymous feed (the shared response cache answers; what anonymous readers get) and the
 * uncached feed (RESPONSE_CACHE=off: Apollo, graphql-jit, SQL and Redis on every request). For
 * each, the full server in its own process per variant, each warmed up until its CPU per request
 * settles, then measured in alternating rounds: everything off (METRICS_PORT=0, no OTLP endpoint), metrics on, tracing on at
 * 100% sampling exporting OTLP/protobuf to a local receiver (node:http, in this process), both on,
 * and a second "all off" as a control (the noise between two identical servers). Then
 * the cost of tracing when it is off: the only per-request work left is the log mixin's look-up
 * of the active span, timed here. Each target is printed as met or NOT MET.
 */
import 'reflect-metadata';
import type { ChildProcess } from 'node:child_process';
import { context, isSpanContextValid, trace } from '@opentelemetry/api';
import knexFactory from 'knex';
import {
  BENCH,
  BENCH_SECRETS,
  INSTRUMENT_ARGS,
  median,
  serverUsage,
  startBenchServer,
  startOtlpReceiver,
  warmUp,
} from './harness';
import { FEED } from './feed';
import { load, type LoadResult } from './load';
import { createScratchDatabase } from '../scripts/scratch-database.cjs';

const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS || 7));
const ROUND_MS = Number(process.env.BENCH_DURATION_MS || 14_000) / ROUNDS;
/** The longest warm-up of one server (it ends sooner when its CPU per request settles). */
const MAX_WARMUP_MS = Number(process.env.BENCH_WARMUP_MS || 20_000);
const CONNECTIONS = BENCH.connections;

interface Variant {
  label: string;
  metrics: boolean;
  tracing: boolean;
  /** The issue's ceiling on this variant's cost, in % (none for both on). */
  target?: number;
}

const VARIANTS: Variant[] = [
  { label: 'all off', metrics: false, tracing: false },
  { label: 'metrics on', metrics: true, tracing: false, target: 5 },
  { label: 'tracing 100%', metrics: false, tracing: true, target: 20 },
  { label: 'both on', metrics: true, tracing: true },
  // A second "all off": its "cost" is the noise between two identical servers.
  { label: 'control', metrics: false, tracing: false },
];

/** The feed as served to anonymous readers (shared response cache on), and with the cache off. */
type Mode = 'full' | 'uncached';
const MODES: { mode: Mode; label: string }[] = [
  { mode: 'full', label: 'cached anonymous feed (RESPONSE_CACHE=on, every request a hit)' },
  { mode: 'uncached', label: 'uncached feed (RESPONSE_CACHE=off: Apollo, graphql-jit, SQL)' },
];

let nextMetricsPort = 19_464;

function startServer(variant: Variant, mode: Mode, databaseUrl: string, otlpUrl: string) {
  // Every variant loads instrument.ts (it starts nothing without an endpoint), as main.ts does.
  return startBenchServer(mode, databaseUrl, {
    execArgv: INSTRUMENT_ARGS,
    label: variant.label,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      REDIS_URL: BENCH.redisUrl,
      ...BENCH_SECRETS,
      // A port of its own per server (the registry and its collectors run; nothing scrapes it here).
      METRICS_PORT: variant.metrics ? String(nextMetricsPort++) : '0',
      OTEL_EXPORTER_OTLP_ENDPOINT: variant.tracing ? otlpUrl : '',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      OTEL_TRACES_SAMPLER: 'always_on',
    },
  });
}

const cpuTime = async (child: ChildProcess) => (await serverUsage(child)).cpu;

/** ns per call of what tracing-off leaves on the request path (the log mixin's span look-up). */
function tracingOffLookupNs(): number {
  const calls = 2_000_000;
  let valid = 0;
  const started = process.hrtime.bigint();
  for (let i = 0; i < calls; i += 1) {
    const span = trace.getSpan(context.active())?.spanContext();
    if (span && isSpanContextValid(span)) valid += 1;
  }
  const ns = Number(process.hrtime.bigint() - started) / calls;
  if (valid !== 0) throw new Error('a span was active with tracing off');
  return ns;
}

/** One window of load on one server: its result and the server's CPU time (µs) over it. */
type Window = LoadResult & { cpu: number; cpuPerRequest: number };

interface Row {
  label: string;
  rps: number;
  p99: number;
  cpu: number;
  errors: number;
  /** Medians over rounds of this variant's cost against "all off" in the same round, in %. */
  cpuCost: number;
  rpsCost: number;
  target?: number;
}

/**
 * The variants of one mode, each in its own process: warmed up until its CPU per request settles
 * (harness warmUp), then measured in alternating rounds whose order rotates. The medians over rounds of same-round
 * ratios are the costs; the control row (a second "all off" process) shows how far apart two
 * identical servers land, which is what this measurement cannot resolve.
 */
async function measureMode(
  mode: Mode,
  databaseUrl: string,
  receiver: { url: string },
  children: ChildProcess[],
): Promise<Row[]> {
  const servers: { port: number; child: ChildProcess; rounds: Window[] }[] = [];
  for (const variant of VARIANTS) {
    const server = await startServer(variant, mode, databaseUrl, receiver.url);
    children.push(server.child);
    servers.push({ ...server, rounds: [] });
  }
  const window = async (server: (typeof servers)[number], durationMs: number) => {
    const before = await cpuTime(server.child);
    const result = await load(server.port, '/api/v1/graphql', FEED, { connections: CONNECTIONS, durationMs });
    const cpu = (await cpuTime(server.child)) - before;
    return { ...result, cpu, cpuPerRequest: cpu / Math.max(1, result.requests) };
  };
  try {
    for (const server of servers) {
      await warmUp(async (durationMs) => (await window(server, durationMs)).cpuPerRequest, MAX_WARMUP_MS);
    }
    // The order rotates by round: no variant is always the one measured after another's load.
    for (let round = 0; round < ROUNDS; round += 1) {
      for (let step = 0; step < servers.length; step += 1) {
        const server = servers[(step + round) % servers.length]!;
        server.rounds.push(await window(server, ROUND_MS));
      }
    }
  } finally {
    for (const server of servers) server.child.kill();
  }
  // CPU per request over all of a server's rounds (its CPU time over its requests): garbage
  // collection and other periodic work land in some windows and not others, and are part of the
  // cost; a median of per-round values would drop them half the time.
  const cpuPerRequest = (rounds: Window[]) =>
    rounds.reduce((sum, r) => sum + r.cpu, 0) /
    Math.max(
      1,
      rounds.reduce((sum, r) => sum + r.requests, 0),
    );
  const off = servers[0]!.rounds;
  return servers.map((server, index) => {
    const own = server.rounds;
    return {
      label: VARIANTS[index]!.label,
      rps: median(own.map((r) => r.rps)),
      p99: median(own.map((r) => r.p99)),
      cpu: cpuPerRequest(own),
      errors: own.reduce((sum, r) => sum + r.errors, 0),
      cpuCost: (cpuPerRequest(own) / cpuPerRequest(off) - 1) * 100,
      rpsCost: (1 - median(own.map((r, i) => r.rps / off[i]!.rps))) * 100,
      target: VARIANTS[index]!.target,
    };
  });
}

async function main() {
  const scratch = await createScratchDatabase({
    prefix: 'inkwell_bench_obs',
    adminUrl: BENCH.databaseUrl,
    migrate: true,
  });
  const db = knexFactory({ client: 'pg', connection: scratch.url });
  const receiver = await startOtlpReceiver();
  const children: ChildProcess[] = [];
  try {
    const [author] = (await db('users')
      .insert({ email: 'bench@bench.test', display_name: 'Bench', password_hash: 'x' })
      .returning('id')) as { id: string }[];
    await db.raw(
      `insert into posts (author_id, title, slug, body, excerpt, status, published_at, created_at, updated_at)
       select ?, 'Post ' || g, 'post-' || g, 'Body ' || g, 'Excerpt', 'published', now() - g * interval '1 minute', now(), now()
       from generate_series(1, 2000) g`,
      [author!.id],
    );
    // Fresh rows have no statistics yet: without them PostgreSQL plans the feed badly until
    // autovacuum gets to it, and the first servers measured would pay for that.
    await db.raw('analyze');

    console.log(
      `Observability cost on the feed (first: 20), ${CONNECTIONS} connections, ${ROUNDS} alternating rounds of ${ROUND_MS / 1000} s after a warm-up to steady state.`,
    );
    console.log(
      [
        "  CPU per request is each server's CPU time over its requests in all rounds (garbage collection",
        '  included); a CPU cost compares it with the all-off server measured in the same rounds. Throughput',
        '  costs are medians over rounds of on/off. Verdicts are judged on CPU per request (the load-robust',
        '  figure). The control row is a second all-off server: its "cost" is what this cannot resolve.',
      ].join('\n'),
    );
    let cachedOffCpu = 0;
    for (const { mode, label } of MODES) {
      const rows = await measureMode(mode, scratch.url, receiver, children);
      const off = rows[0]!;
      if (mode === 'full') cachedOffCpu = off.cpu;
      console.log(`\n  ${label}:`);
      for (const row of rows) {
        console.log(
          `    ${row.label.padEnd(14)} ${row.rps.toFixed(0).padStart(6)} req/s   p99 ${row.p99.toFixed(2).padStart(6)} ms   CPU/req ${(row.cpu / 1000).toFixed(3)} ms   (${row.errors} errors)`,
        );
      }
      for (const row of rows.slice(1)) {
        if (row.label === 'control') {
          console.log(
            `    ${'control (noise)'.padEnd(19)} ${row.cpuCost.toFixed(1).padStart(5)}% CPU per request, ${row.rpsCost.toFixed(1).padStart(5)}% of throughput   (two identical servers)`,
          );
          continue;
        }
        const target =
          row.target === undefined ? '' : `target ≤ ${row.target}%: ${row.cpuCost <= row.target ? 'met' : 'NOT MET'}`;
        console.log(
          `    ${`${row.label} cost`.padEnd(19)} ${row.cpuCost.toFixed(1).padStart(5)}% CPU per request, ${row.rpsCost.toFixed(1).padStart(5)}% of throughput   ${target}`,
        );
      }
    }
    console.log(
      `\n  (the receiver got ${receiver.stats.exports} OTLP exports, ${(receiver.stats.bytes / 1e6).toFixed(1)} MB in all)`,
    );
    const lookupNs = tracingOffLookupNs();
    console.log(
      `  tracing off      ${lookupNs.toFixed(0)} ns per request (one span look-up per log line) = ${((lookupNs / (cachedOffCpu * 1000)) * 100).toFixed(3)}% of a cached request's ${(cachedOffCpu / 1000).toFixed(3)} ms CPU (target ≤ 1%: ${lookupNs / (cachedOffCpu * 1000) <= 0.01 ? 'met' : 'NOT MET'})`,
    );
  } finally {
    children.forEach((child) => child.kill());
    receiver.server.close();
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
