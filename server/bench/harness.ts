/**
 * What every benchmark shares: its few variables, the bench server in a child process
 * (server.ts), the child's CPU time over IPC, medians, and one way to print a result line.
 */
import { fork, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { DEFAULT_ADMIN_URL } from '../scripts/scratch-database.cjs';
import type { LoadResult } from './load';

// A dev tool outside src/ (like test/run-tests.js): it reads its own few variables.
export const BENCH = {
  databaseUrl: process.env.DATABASE_URL || DEFAULT_ADMIN_URL,
  redisUrl: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
  connections: Number(process.env.BENCH_CONNECTIONS || 16),
  rounds: Math.max(1, Number(process.env.BENCH_ROUNDS || 5)),
  /** The longest warm-up of one server: warmUp() ends it once CPU per request settles. */
  warmupMs: Number(process.env.BENCH_WARMUP_MS || 20_000),
  /** Measured time per row or server (`fallback` ms when BENCH_DURATION_MS is not set). */
  durationMs: (fallback: number) => Number(process.env.BENCH_DURATION_MS || fallback),
};

/** The JWT secrets every bench server runs with (fixed: benches are not deployments). */
export const BENCH_SECRETS = {
  JWT_ACCESS_SECRET: 'bench-access-secret-0123456789abcdef0123456789',
  JWT_REFRESH_SECRET: 'bench-refresh-secret-0123456789abcdef012345678',
};

/** Loads instrument.ts first, as main.ts does: the instrumentations hook modules as they load. */
export const INSTRUMENT_ARGS = ['-r', path.join(__dirname, '../src/platform/observability/instrument.ts')];

export type ServerMode = 'full' | 'uncached' | 'apollo' | 'floor' | 'bare';

export interface BenchServer {
  port: number;
  child: ChildProcess;
}

/**
 * Starts server.ts in `mode` in its own process (the load generator never shares its event
 * loop), as the container runs it unless `env` says otherwise: NODE_ENV=production, so
 * libraries (graphql-js, express) skip their development checks.
 */
export function startBenchServer(
  mode: ServerMode,
  databaseUrl: string,
  options: {
    execArgv?: string[];
    env?: NodeJS.ProcessEnv;
    label?: string;
    /** Another checkout's server (bench/ab.ts: a change against its base); this one by default. */
    checkout?: string;
  } = {},
): Promise<BenchServer> {
  const server = options.checkout ? path.join(options.checkout, 'server') : path.join(__dirname, '..');
  const child = fork(path.join(server, 'bench/server.ts'), [mode, databaseUrl, BENCH.redisUrl], {
    cwd: server,
    execArgv: ['-r', require.resolve('@swc-node/register', { paths: [server] }), ...(options.execArgv ?? [])],
    env: options.env ?? { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (message: { port: number }) => resolve({ port: message.port, child }));
    child.once('exit', (code) => reject(new Error(`${options.label ?? mode} server exited with ${code}`)));
  });
}

export interface ServerUsage {
  /** CPU time (user + system, µs) so far. */
  cpu: number;
  /** The response cache's answers so far (full server only). */
  cache: Record<string, number>;
}

/** A bench server's CPU time and response-cache counts so far. */
export function serverUsage(child: ChildProcess): Promise<ServerUsage> {
  return new Promise((resolve) => {
    const onMessage = (message: { cpu?: NodeJS.CpuUsage; cache?: Record<string, number> }) => {
      if (!message.cpu) return;
      child.off('message', onMessage);
      resolve({ cpu: message.cpu.user + message.cpu.system, cache: message.cache ?? {} });
    };
    child.on('message', onMessage);
    child.send({ cpu: true });
  });
}

/** The median of rounds: one slow round (a noisy neighbour) does not decide. */
export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** µs as milliseconds, or n/a. */
export const ms = (us: number | null, digits = 2) => (us === null ? 'n/a' : `${(us / 1000).toFixed(digits)} ms`);

/** One result as every bench prints it: label, throughput, latencies, counts, then any extras. */
export function resultLine(
  label: string,
  width: number,
  r: Pick<LoadResult, 'rps' | 'p50' | 'p99' | 'requests' | 'errors'>,
  ...extras: string[]
): string {
  const figures = `${r.rps.toFixed(0).padStart(6)} req/s   p50 ${r.p50.toFixed(2).padStart(6)} ms   p99 ${r.p99.toFixed(2).padStart(6)} ms   (${r.requests} ok, ${r.errors} errors)`;
  return [`  ${label.padEnd(width)} ${figures}`, ...extras].join('   ');
}

/** Runs a bench's main and exits: 0, or 1 with the error (children and timers do not keep it). */
export function runBench(main: () => Promise<void>): void {
  main().then(
    () => process.exit(),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

/** Registers a bench reader on the full server and signs in: its access token. */
export async function signInBenchReader(port: number): Promise<string> {
  const credentials = { email: `reader-${process.pid}@bench.test`, password: 'bench-reader-password-1' };
  const post = (path: string, body: unknown) =>
    fetch(`http://127.0.0.1:${port}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  await post('/api/v1/auth/register/', credentials);
  const res = await post('/api/v1/auth/token/', credentials);
  const body = (await res.json()) as { data?: { access?: string } };
  if (!body.data?.access) throw new Error(`bench sign-in failed: ${res.status}`);
  return body.data.access;
}

/** A local OTLP/HTTP receiver: answers every export, counts requests and bytes. */
export async function startOtlpReceiver() {
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

/**
 * Loads a server in windows of one second until its CPU per request settles: the last three
 * windows within 10% of each other, after at least eight windows (a server can sit on a plateau
 * for seconds before its next tier-up), at most `maxMs`. V8 takes seconds,
 * not requests, to optimise a large server's hot paths on a busy machine (a fresh Inkwell process
 * spent 5 to 8 s above its settled CPU per request), so a fixed short warm-up measures the
 * tier-up, most for the server with the most code. `window` runs one window of load and returns
 * its CPU per request. Returns how long the warm-up took (ms).
 */
const MIN_WARMUP_WINDOWS = 8;

export async function warmUp(window: (durationMs: number) => Promise<number>, maxMs = 20_000): Promise<number> {
  const started = Date.now();
  const seen: number[] = [];
  for (;;) {
    seen.push(await window(1_000));
    const last = seen.slice(-3);
    const settled = seen.length >= MIN_WARMUP_WINDOWS && Math.max(...last) <= Math.min(...last) * 1.1;
    if (settled || Date.now() - started >= maxMs) return Date.now() - started;
  }
}
