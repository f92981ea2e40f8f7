/**
 * Dev tool: the full server alone under the feed load, with a V8 CPU profile of just that
 * (`node -r @swc-node/register bench/profile.ts <dir>`; open the .cpuprofile in Chrome DevTools).
 */
import 'reflect-metadata';
import knexFactory from 'knex';
import { createScratchDatabase } from '../scripts/scratch-database.cjs';
import { BENCH, resultLine, runBench, startBenchServer } from './harness';
import { load } from './load';

const DURATION_MS = BENCH.durationMs(8_000);
const CONNECTIONS = BENCH.connections;
const FEED = JSON.stringify({
  query: `query Feed { posts(first: 20) { edges { cursor node { id title slug excerpt publishedAt author { id displayName } } }
    pageInfo { hasNextPage endCursor } } }`,
});

async function main() {
  const dir = process.argv[2] ?? '.';
  const scratch = await createScratchDatabase({ prefix: 'inkwell_prof', adminUrl: BENCH.databaseUrl, migrate: true });
  const db = knexFactory({ client: 'pg', connection: scratch.url });
  try {
    const [user] = (await db('users')
      .insert({ email: 'p@bench.test', display_name: 'P', password_hash: 'x' })
      .returning('id')) as { id: string }[];
    await db.raw(
      `insert into posts (author_id, title, slug, body, excerpt, status, published_at)
       select ?, 'Post ' || g, 'p-' || g, 'body', 'excerpt', 'published', now() - make_interval(secs => g)
       from generate_series(1, 1000) g`,
      [user!.id],
    );
    const { port, child } = await startBenchServer('full', scratch.url);
    await load(port, '/api/v1/graphql', FEED, { connections: CONNECTIONS, durationMs: 2_000 });
    child.send({ profile: 'start', dir });
    await new Promise((resolve) => child.once('message', resolve));
    const result = await load(port, '/api/v1/graphql', FEED, { connections: CONNECTIONS, durationMs: DURATION_MS });
    child.send({ profile: 'stop' });
    await new Promise((resolve) => child.once('message', resolve));
    console.log(resultLine('full server', 12, result));
    child.kill();
  } finally {
    await db.destroy();
    await scratch.drop();
  }
}

runBench(main);
