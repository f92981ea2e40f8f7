/**
 * Dev tool: the same server mode from two checkouts side by side (a change against its base), in
 * alternating rounds after each has settled, on the feed bench's rows:
 * `node -r @swc-node/register bench/ab.ts <base checkout> [uncached|full|floor] [rounds]`.
 * Prints each side's CPU per request over all rounds (BENCH_AB_PROCESSES processes a side, 2 by
 * default) and the change. BENCH_AB_CHANGE_NODE_ARGS (space-separated) gives the change side's
 * node flags, to judge a flag with both sides from one checkout. The other checkout needs its
 * dependencies installed (or linked) and the same migrations.
 */
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import knexFactory from 'knex';
import { createScratchDatabase } from '../scripts/scratch-database.cjs';
import { BENCH, runBench, serverUsage, startBenchServer, type ServerMode, warmUp } from './harness';
import { load } from './load';
import { FEED, seedFeed } from './feed';

async function main() {
  const base = path.resolve(process.argv[2] ?? '.');
  const mode = (process.argv[3] ?? 'uncached') as ServerMode;
  const rounds = Number(process.argv[4] ?? 8);
  const changeNodeArgs = (process.env.BENCH_AB_CHANGE_NODE_ARGS ?? '').split(' ').filter(Boolean);
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
        const server = await startBenchServer(mode, scratch.url, {
          checkout: side === 'base' ? base : undefined,
          execArgv: side === 'change' ? changeNodeArgs : [],
          label: `${side} ${mode}`,
        });
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
