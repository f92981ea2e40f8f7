/**
 * `npm run bench` (third part): what observability costs on the feed. The full server four
 * ways, in alternating rounds after a warm-up (medians): everything off (METRICS_PORT=0, no
 * OTLP endpoint), metrics on, tracing on at 100% sampling exporting OTLP/protobuf to a local
 * receiver (node:http, in this process), and both on. Then the cost of tracing when it is off:
 * the only per-request work left is the log mixin's look-up of the active span, timed here.
 */
import 'reflect-metadata';
import type { ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { context, isSpanContextValid, trace } from '@opentelemetry/api';
import knexFactory from 'knex';
import { createScratchDatabase } from '../scripts/scratch-database.cjs';
import { BENCH, median, ms, resultLine, runBench, serverUsage, startBenchServer } from './harness';
import { load, type LoadResult } from './load';

const ROUNDS = BENCH.rounds;
const ROUND_MS = BENCH.durationMs(10_000) / ROUNDS;
const WARMUP_MS = BENCH.warmupMs;
const CONNECTIONS = BENCH.connections;
const SECRETS = {
  JWT_ACCESS_SECRET: 'bench-access-secret-0123456789abcdef0123456789',
  JWT_REFRESH_SECRET: 'bench-refresh-secret-0123456789abcdef012345678',
};

const FEED = JSON.stringify({
  query: `query Feed { posts(first: 20) { edges { cursor node { id title slug excerpt publishedAt author { id displayName } } }
    pageInfo { hasNextPage endCursor } } }`,
});

/** A local OTLP/HTTP receiver: answers every export, counts requests and bytes. */
async function startReceiver() {
  const stats = { exports: 0, bytes: 0 };
  const server = http.createServer((req, res) => {
    req.on('data', (chunk: Buffer) => (stats.bytes += chunk.length));
    req.on('end', () => {
      stats.exports += 1;
      res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { stats, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

interface Variant {
  label: string;
  metrics: boolean;
  tracing: boolean;
}

const VARIANTS: Variant[] = [
  { label: 'all off', metrics: false, tracing: false },
  { label: 'metrics on', metrics: true, tracing: false },
  { label: 'tracing 100%', metrics: false, tracing: true },
  { label: 'both on', metrics: true, tracing: true },
];

function startServer(variant: Variant, databaseUrl: string, otlpUrl: string) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    REDIS_URL: BENCH.redisUrl,
    ...SECRETS,
    METRICS_PORT: variant.metrics ? '9464' : '0',
    OTEL_EXPORTER_OTLP_ENDPOINT: variant.tracing ? otlpUrl : '',
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
    OTEL_TRACES_SAMPLER: 'always_on',
  };
  // instrument.ts first, as main.ts does: the instrumentations hook modules as they load.
  const instrument = path.join(__dirname, '../src/platform/observability/instrument.ts');
  return startBenchServer('full', databaseUrl, { execArgv: ['-r', instrument], env, label: variant.label });
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

async function main() {
  const scratch = await createScratchDatabase({
    prefix: 'inkwell_bench_obs',
    adminUrl: BENCH.databaseUrl,
    migrate: true,
  });
  const db = knexFactory({ client: 'pg', connection: scratch.url });
  const receiver = await startReceiver();
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

    const servers = [];
    for (const variant of VARIANTS) {
      const server = await startServer(variant, scratch.url, receiver.url);
      children.push(server.child);
      servers.push({ variant, ...server, rounds: [] as (LoadResult & { cpuPerRequest: number })[] });
    }
    console.log(
      `Observability cost on the feed (first: 20), ${CONNECTIONS} connections, ${ROUNDS} alternating rounds of ${ROUND_MS / 1000} s (medians):`,
    );
    for (const server of servers) {
      await load(server.port, '/api/v1/graphql', FEED, { connections: CONNECTIONS, durationMs: WARMUP_MS });
    }
    const exportsBefore = receiver.stats.exports;
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const server of servers) {
        const before = await cpuTime(server.child);
        const result = await load(server.port, '/api/v1/graphql', FEED, {
          connections: CONNECTIONS,
          durationMs: ROUND_MS,
        });
        const cpu = (await cpuTime(server.child)) - before;
        server.rounds.push({ ...result, cpuPerRequest: cpu / Math.max(1, result.requests) });
      }
    }

    const summary = servers.map((server) => ({
      label: server.variant.label,
      rps: median(server.rounds.map((r) => r.rps)),
      p50: median(server.rounds.map((r) => r.p50)),
      p99: median(server.rounds.map((r) => r.p99)),
      cpu: median(server.rounds.map((r) => r.cpuPerRequest)),
      requests: server.rounds.reduce((sum, r) => sum + r.requests, 0),
      errors: server.rounds.reduce((sum, r) => sum + r.errors, 0),
    }));
    for (const s of summary) console.log(resultLine(s.label, 14, s, `CPU/req ${ms(s.cpu, 3)}`));
    const [off, metrics, traced, both] = summary as [
      (typeof summary)[0],
      (typeof summary)[0],
      (typeof summary)[0],
      (typeof summary)[0],
    ];
    const cost = (on: { rps: number }) => `${((1 - on.rps / off.rps) * 100).toFixed(1)}%`;
    const cpuCost = (on: { cpu: number }) => `${((on.cpu / off.cpu - 1) * 100).toFixed(1)}%`;
    console.log(
      `  metrics          ${cost(metrics)} of throughput, ${cpuCost(metrics)} CPU per request (target ≤ 5%); ratio ${(metrics.rps / off.rps).toFixed(3)}`,
    );
    console.log(
      `  tracing 100%     ${cost(traced)} of throughput, ${cpuCost(traced)} CPU per request (target ≤ 20%); ratio ${(traced.rps / off.rps).toFixed(3)}`,
    );
    console.log(`  both             ${cost(both)} of throughput, ${cpuCost(both)} CPU per request`);
    console.log(
      `  (the receiver got ${receiver.stats.exports - exportsBefore} OTLP exports, ${(receiver.stats.bytes / 1e6).toFixed(1)} MB in all)`,
    );
    const lookupNs = tracingOffLookupNs();
    console.log(
      `  tracing off      ${lookupNs.toFixed(0)} ns per request (one span look-up per log line) = ${((lookupNs / (off.cpu * 1000)) * 100).toFixed(3)}% of a request's ${(off.cpu / 1000).toFixed(3)} ms CPU (target ≤ 1%)`,
    );
  } finally {
    children.forEach((child) => child.kill());
    receiver.server.close();
    await db.destroy();
    await scratch.drop();
  }
}

runBench(main);
