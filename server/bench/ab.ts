/**
 * Dev tool: the same server mode from two checkouts side by side (a change against its base), in
 * alternating rounds after each has settled, on the feed bench's rows:
 * `node -r @swc-node/register bench/ab.ts <base checkout> [uncached|full|floor] [rounds]`.
 * Prints each one's CPU per request over all rounds and the change. The other checkout needs its
 * dependencies installed (or linked) and the same migrations.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import knexFactory from 'knex';
import { createScratchDatabase } from '../scripts/scratch-database.cjs';
import { BENCH, median, runBench, serverUsage, warmUp } from './harness';
import { load } from './load';
import { seedFeed } from './seed';

const FEED = JSON.stringify({
  query: `query Feed { posts(first: 20) { edges { cursor node { id title slug excerpt publishedAt author { id displayName } } }
    pageInfo { hasNextPage endCursor } } }`,
});

function start(checkout: string, mode: string, databaseUrl: string): Promise<{ port: number; child: ChildProcess }> {
  const server = path.join(checkout, 'server');
  const child = fork(path.join(server, 'bench/server.ts'), [mode, databaseUrl, BENCH.redisUrl], {
    cwd: server,
    execArgv: ['-r', require.resolve('@swc-node/register', { paths: [server] })],
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (message: { port: number }) => resolve({ port: message.port, child }));
    child.once('exit', (code) => reject(new Error(`${checkout} exited with ${code}`)));
  });
}

async function main() {
  const base = path.resolve(process.argv[2] ?? '.');
  const mode = process.argv[3] ?? 'uncached';
  const rounds = Number(process.argv[4] ?? 8);
  const scratch = await createScratchDatabase({ prefix: 'inkwell_ab', adminUrl: BENCH.databaseUrl, migrate: true });
  const db = knexFactory({ client: 'pg', connection: scratch.url });
  const children: ChildProcess[] = [];
  try {
    await seedFeed(db, 10_000);
    const servers = {
      base: await start(base, mode, scratch.url),
      change: await start(path.resolve(__dirname, '../..'), mode, scratch.url),
    };
    children.push(servers.base.child, servers.change.child);
    const totals = {
      base: { cpu: 0, requests: 0, rps: [] as number[] },
      change: { cpu: 0, requests: 0, rps: [] as number[] },
    };
    const round = async (key: 'base' | 'change', durationMs: number) => {
      const { port, child } = servers[key];
      const before = (await serverUsage(child)).cpu;
      const result = await load(port, '/api/v1/graphql', FEED, { connections: BENCH.connections, durationMs });
      const cpu = (await serverUsage(child)).cpu - before;
      return { cpu, requests: result.requests, rps: result.rps };
    };
    for (const key of ['base', 'change'] as const) {
      await warmUp(async (ms) => {
        const r = await round(key, ms);
        return r.cpu / Math.max(1, r.requests);
      }, BENCH.warmupMs);
    }
    for (let i = 0; i < rounds; i += 1) {
      for (const key of i % 2 === 0 ? (['base', 'change'] as const) : (['change', 'base'] as const)) {
        const r = await round(key, 2_000);
        totals[key].cpu += r.cpu;
        totals[key].requests += r.requests;
        totals[key].rps.push(r.rps);
      }
    }
    const perRequest = (key: 'base' | 'change') => totals[key].cpu / totals[key].requests / 1000;
    for (const key of ['base', 'change'] as const) {
      console.log(
        `${key.padEnd(7)} CPU/req ${perRequest(key).toFixed(3)} ms   ${median(totals[key].rps).toFixed(0)} req/s`,
      );
    }
    console.log(
      `change  ${(((perRequest('change') - perRequest('base')) / perRequest('base')) * 100).toFixed(1)}% CPU/req`,
    );
  } finally {
    children.forEach((child) => child.kill());
    await db.destroy();
    await scratch.drop();
  }
}

runBench(main);
