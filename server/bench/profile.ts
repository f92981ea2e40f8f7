/**
 * Dev tool: one Inkwell server alone under the feed load, with a V8 CPU profile of just that
 * (`node -r @swc-node/register bench/profile.ts <dir> [uncached|cached|auth|floor|bare|apollo] [none|metrics|tracing]`; open the
 * .cpuprofile in Chrome DevTools). `uncached` (the default): RESPONSE_CACHE=off, anonymous;
 * `cached`: the response cache on; `auth`: a signed-in reader (Bearer, viewer plus feed).
 * Prints the server's CPU time per request over the profiled window (the profiler adds some).
 */
import 'reflect-metadata';
import knexFactory from 'knex';
import { createScratchDatabase } from '../scripts/scratch-database.cjs';
import {
  BENCH,
  runBench,
  serverUsage,
  signInBenchReader,
  BENCH_SECRETS,
  INSTRUMENT_ARGS,
  startBenchServer,
  startOtlpReceiver,
  type ServerMode,
} from './harness';
import { load } from './load';
import { AUTH_FEED, FEED, seedFeed } from './feed';

const DURATION_MS = BENCH.durationMs(8_000);
const CONNECTIONS = BENCH.connections;

type Mode = 'uncached' | 'cached' | 'auth' | 'floor' | 'bare' | 'apollo';
type Observe = 'none' | 'metrics' | 'tracing';
const serverModes: Record<Mode, ServerMode> = {
  uncached: 'uncached',
  cached: 'full',
  auth: 'full',
  floor: 'floor',
  bare: 'bare',
  apollo: 'apollo',
};

const cpuOf = async (child: Parameters<typeof serverUsage>[0]) => (await serverUsage(child)).cpu;

async function main() {
  const dir = process.argv[2] ?? '.';
  const mode = (process.argv[3] ?? 'uncached') as Mode;
  const observe = (process.argv[4] ?? 'none') as Observe;
  const scratch = await createScratchDatabase({ prefix: 'inkwell_prof', adminUrl: BENCH.databaseUrl, migrate: true });
  const db = knexFactory({ client: 'pg', connection: scratch.url });
  try {
    // The feed bench's rows (ten authors per page), so a profile shows what that bench measures.
    await seedFeed(db, 10_000);
    // `metrics`: METRICS_PORT set; `tracing`: every request traced, exported to a local receiver,
    // with instrument.ts loaded first as main.ts does.
    const receiver = observe === 'tracing' ? await startOtlpReceiver() : null;
    const { port, child } = await startBenchServer(serverModes[mode], scratch.url, {
      execArgv: receiver ? INSTRUMENT_ARGS : [],
      env: {
        ...process.env,
        NODE_ENV: 'production',
        // instrument.ts reads the process's own configuration, as in production.
        DATABASE_URL: scratch.url,
        REDIS_URL: BENCH.redisUrl,
        ...BENCH_SECRETS,
        METRICS_PORT: observe === 'metrics' ? '19563' : '0',
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver?.url ?? '',
        OTEL_TRACES_SAMPLER: 'always_on',
      },
    });
    const headers = mode === 'auth' ? { authorization: `Bearer ${await signInBenchReader(port)}` } : undefined;
    const body = mode === 'auth' ? AUTH_FEED : FEED;
    await load(port, '/api/v1/graphql', body, { connections: CONNECTIONS, durationMs: 3_000, headers });
    // BENCH_PROFILE=heap: a sampling allocation profile (.heapprofile) instead of a CPU profile.
    child.send({ profile: 'start', dir, heap: process.env.BENCH_PROFILE === 'heap' });
    await new Promise((resolve) => child.once('message', resolve));
    const before = await cpuOf(child);
    const result = await load(port, '/api/v1/graphql', body, {
      connections: CONNECTIONS,
      durationMs: DURATION_MS,
      headers,
    });
    const cpu = (await cpuOf(child)) - before;
    child.send({ profile: 'stop' });
    await new Promise((resolve) => child.once('message', resolve));
    console.log(
      `${mode}: ${result.rps.toFixed(0)} req/s, p50 ${result.p50.toFixed(2)} ms, CPU/req ${(cpu / 1000 / Math.max(1, result.requests)).toFixed(3)} ms (${result.errors} errors)`,
    );
    child.kill();
    receiver?.server.close();
  } finally {
    await db.destroy();
    await scratch.drop();
  }
}

runBench(main);
