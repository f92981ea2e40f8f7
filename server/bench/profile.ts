/**
 * Dev tool: the full server alone under the feed load, with a V8 CPU profile of just that
 * (`node -r @swc-node/register bench/profile.ts <dir>`; open the .cpuprofile in Chrome DevTools).
 */
import 'reflect-metadata';
import { createScratchDatabase } from './scratch-database';
import { fork } from 'node:child_process';
import path from 'node:path';
import knexFactory from 'knex';
import { MIGRATIONS_DIR } from '../src/platform/db/database';
import { load } from './load';

const DATABASE_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const DURATION_MS = Number(process.env.BENCH_DURATION_MS || 8_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 16);
const FEED = JSON.stringify({
  query: `query Feed { posts(first: 20) { edges { cursor node { id title slug excerpt publishedAt author { id displayName } } }
    pageInfo { hasNextPage endCursor } } }`,
});

async function main() {
  const dir = process.argv[2] ?? '.';
  const scratch = await createScratchDatabase(DATABASE_URL, 'inkwell_prof');
  const db = knexFactory({ client: 'pg', connection: scratch.url });
  try {
    await db.migrate.latest({ directory: MIGRATIONS_DIR, loadExtensions: ['.js'] });
    const [user] = (await db('users')
      .insert({ email: 'p@bench.test', display_name: 'P', password_hash: 'x' })
      .returning('id')) as { id: string }[];
    await db.raw(
      `insert into posts (author_id, title, slug, body, excerpt, status, published_at)
       select ?, 'Post ' || g, 'p-' || g, 'body', 'excerpt', 'published', now() - make_interval(secs => g)
       from generate_series(1, 1000) g`,
      [user!.id],
    );
    const child = fork(path.join(__dirname, 'server.ts'), ['full', scratch.url, REDIS_URL], {
      execArgv: ['-r', '@swc-node/register'],
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const port = await new Promise<number>((resolve) =>
      child.once('message', (m: { port: number }) => resolve(m.port)),
    );
    await load(port, '/api/v1/graphql', FEED, { connections: CONNECTIONS, durationMs: 2_000 });
    child.send({ profile: 'start', dir });
    await new Promise((resolve) => child.once('message', resolve));
    const result = await load(port, '/api/v1/graphql', FEED, { connections: CONNECTIONS, durationMs: DURATION_MS });
    child.send({ profile: 'stop' });
    await new Promise((resolve) => child.once('message', resolve));
    console.log(`${result.rps.toFixed(0)} req/s, p50 ${result.p50.toFixed(2)} ms (${result.errors} errors)`);
    child.kill();
  } finally {
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
