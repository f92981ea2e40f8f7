/**
 * Dev tool: the same server mode from two checkouts side by side (a change against its base), in
 * alternating rounds after each has settled, on the feed bench's rows:
 * `node -r @swc-node/register bench/ab.ts <base checkout> [uncached|full|floor] [rounds]`.
 * Prints each side's CPU per request over all rounds (BENCH_AB_PROCESSES processes a side, 2 by
 * default) and the change. The other checkout needs its
 * dependencies installed (or linked) and the same migrations.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import knexFactory from 'knex';
import { createScratchDatabase } from '../scripts/scratch-database.cjs';
import { BENCH, runBench, serverUsage, warmUp } from './harness';
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
    // Several processes a side: two processes of the same code can differ by more than the
    // change being judged (JIT decisions, memory layout), so each side is the sum of its own.
    const processes = Math.max(1, Number(process.env.BENCH_AB_PROCESSES || 2));
    const sides = ['base', 'change'] as const;
    const servers: { side: (typeof sides)[number]; port: number; child: ChildProcess }[] = [];
    for (let i = 0; i < processes; i += 1) {
      for (const side of sides) {
        const server = await start(side === 'base' ? base : path.resolve(__dirname, '../..'), mode, scratch.url);
        children.push(server.child);
        servers.push({ side, ...server });
      }
    }
    const round = async (server: (typeof servers)[number], durationMs: number) => {
      const before = (await serverUsage(server.child)).cpu;
      const result = await load(server.port, '/api/v1/graphql', FEED, { connections: BENCH.connections, durationMs });
      const cpu = (await serverUsage(server.child)).cpu - before;
      return { cpu, requests: result.requests, rps: result.rps };
    };
    for (const server of servers) {
      await warmUp(async (ms) => {
        const r = await round(server, ms);
        return r.cpu / Math.max(1, r.requests);
      }, BENCH.warmupMs);
    }
    const totals = servers.map(() => ({ cpu: 0, requests: 0 }));
    for (let i = 0; i < rounds; i += 1) {
      for (let step = 0; step < servers.length; step += 1) {
        const index = (step + i) % servers.length;
        const r = await round(servers[index]!, 2_000);
        totals[index]!.cpu += r.cpu;
        totals[index]!.requests += r.requests;
      }
    }
    const perRequest = (side: (typeof sides)[number]) => {
      const mine = totals.filter((_, index) => servers[index]!.side === side);
      return mine.reduce((sum, t) => sum + t.cpu, 0) / mine.reduce((sum, t) => sum + t.requests, 0) / 1000;
    };
    for (const side of sides) {
      const each = totals
        .filter((_, index) => servers[index]!.side === side)
        .map((t) => (t.cpu / t.requests / 1000).toFixed(3))
        .join(', ');
      console.log(`${side.padEnd(7)} CPU/req ${perRequest(side).toFixed(3)} ms   (each process: ${each})`);
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
