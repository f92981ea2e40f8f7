/**
 * One benchmark server in its own process, so the load generator never shares its event loop:
 *   full: the whole Inkwell app (createApp: request id, access log, JSON body, Apollo, limits…)
 *     with the shared response cache on (Redis); `uncached`: the same with RESPONSE_CACHE=off
 *   apollo: the server a team would write first: Apollo Server standalone with its defaults,
 *     SDL resolvers, DataLoader and pg, serving the same page
 *   bare: node:http + pg answering the same feed page with two hand-written statements.
 *   floor: express + Apollo + graphql-jit around the bare handler's page (see floor()).
 * Reports its port over IPC.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import http from 'node:http';
import inspector from 'node:inspector';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { expressMiddleware } from '@as-integrations/express5';
import DataLoader from 'dataloader';
import express from 'express';
import { buildSchema } from 'graphql';
import { Pool } from 'pg';
import pino from 'pino';
import { createApp } from '../src/app';
import { loadConfig } from '../src/platform/config';
import { openConnections } from '../src/platform/connections';
import { createLogger } from '../src/platform/observability/logger';
import { POST_CURSORS } from '../src/modules/posts/post.cursors';
import { createJitGateway } from '../src/platform/graphql/jit-executor';
import { toGlobalId } from '../src/platform/ids/global-id';
import { BENCH_SECRETS } from './harness';

const [mode, databaseUrl, redisUrl] = process.argv.slice(2) as [string, string, string | undefined];

/** Answers of the response cache so far (HIT / MISS / BYPASS), reported over IPC for the hit ratio. */
const cacheResults: Record<string, number> = { HIT: 0, MISS: 0, BYPASS: 0 };

async function full(responseCache: 'on' | 'off'): Promise<http.Server> {
  const config = loadConfig({
    RESPONSE_CACHE: responseCache,
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl || 'redis://127.0.0.1:6379',
    REDIS_KEY_PREFIX: `inkwell:bench:${process.pid}:`,
    ...BENCH_SECRETS,
    LOG_LEVEL: 'info',
    MIGRATE_ON_START: 'false',
    // bench/observability.bench.ts turns metrics and tracing on and off through these.
    METRICS_PORT: process.env.METRICS_PORT,
    OTEL_EXPORTER_OTLP_ENDPOINT: process.env.OTEL_EXPORTER_OTLP_ENDPOINT,
    OTEL_TRACES_SAMPLER: process.env.OTEL_TRACES_SAMPLER,
  });
  // Access lines are written as in production (to stdout, which the runner discards).
  const logger = createLogger(config.logLevel);
  // Redis or nothing: a run against the in-process store would measure something else.
  const { db, store } = await openConnections(config, { logger, requireStore: true });
  const app = await createApp({ config, logger, db, store });
  app.services.responseCache.onResult((result) => (cacheResults[result] = (cacheResults[result] ?? 0) + 1));
  return app.server;
}

/**
 * The feed page with two hand-written statements, as a bare handler would serve it: the same
 * rule as Inkwell (no posts of deleted authors), over the same partial index.
 */
function feedPage(pool: Pool) {
  const encode = (at: Date, id: string) => POST_CURSORS.published.encode({ at, id });
  return async () => {
    const { rows } = await pool.query(
      `select id, author_id, title, slug, excerpt, published_at from posts
       where status = 'published' and deleted_at is null and not author_deleted
       order by published_at desc, id desc limit 21`,
    );
    const page = rows.slice(0, 20);
    const authorIds = [...new Set(page.map((row) => row.author_id as string))];
    const authors = await pool.query('select id, display_name from users where id = any($1)', [authorIds]);
    const byId = new Map(authors.rows.map((row) => [row.id as string, row.display_name as string]));
    const edges = page.map((row) => ({
      cursor: encode(row.published_at, row.id),
      node: {
        id: toGlobalId('Post', row.id),
        title: row.title,
        slug: row.slug,
        excerpt: row.excerpt,
        publishedAt: (row.published_at as Date).toISOString(),
        author: { id: toGlobalId('User', row.author_id), displayName: byId.get(row.author_id) },
      },
    }));
    return { edges, pageInfo: { hasNextPage: rows.length > 20, endCursor: edges.at(-1)?.cursor ?? null } };
  };
}

function bare(): http.Server {
  const page = feedPage(new Pool({ connectionString: databaseUrl, max: 10 }));
  return http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      try {
        JSON.parse(Buffer.concat(chunks).toString('utf8'));
        const body = JSON.stringify({ data: { posts: await page() } });
        res.writeHead(200, { 'content-type': 'application/json' }).end(body);
      } catch {
        res.writeHead(500).end();
      }
    });
  });
}

/**
 * The stack's own floor: express 5 with its JSON body parser and Apollo Server 5 executing
 * through the same graphql-jit gateway, compact JSON, cache-control off, over a hand-written
 * schema whose one resolver is the bare handler's. No request ids, access log, security
 * headers, knex, type-graphql, DataLoader or limits: what is left of Inkwell's cost above this
 * line is its own layers.
 */
async function floor(): Promise<http.Server> {
  const schema = buildSchema(`
    type Query { posts(first: Int, after: String): PostConnection! }
    type PostConnection { edges: [PostEdge!]! pageInfo: PageInfo! }
    type PostEdge { cursor: String! node: Post! }
    type PageInfo { hasNextPage: Boolean! endCursor: String }
    type Post { id: ID! title: String! slug: String! excerpt: String! publishedAt: String author: User! }
    type User { id: ID! displayName: String! }`);
  const page = feedPage(new Pool({ connectionString: databaseUrl, max: 10 }));
  schema.getQueryType()!.getFields().posts!.resolve = () => page();
  const apollo = new ApolloServer({
    gateway: createJitGateway({ schema, logger: pino({ level: 'silent' }) }),
    stringifyResult: (result) => JSON.stringify(result),
    plugins: [ApolloServerPluginCacheControlDisabled()],
  });
  await apollo.start();
  const app = express();
  app.use(express.json({ limit: '100kb' }));
  app.use('/api/v1/graphql', expressMiddleware(apollo));
  return http.createServer(app);
}

const PEER_TYPE_DEFS = `#graphql
  type Query { posts(first: Int, after: String): PostConnection! }
  type PostConnection { edges: [PostEdge!]! pageInfo: PageInfo! }
  type PostEdge { cursor: String! node: Post! }
  type PageInfo { hasNextPage: Boolean! endCursor: String }
  type Post { id: ID! title: String! slug: String! excerpt: String! publishedAt: String author: User! }
  type User { id: ID! displayName: String! }`;

interface PostRow {
  id: string;
  author_id: string;
  title: string;
  slug: string;
  excerpt: string;
  published_at: Date;
}

/**
 * The peer: what a team would write first. Apollo Server standalone with every default
 * (pretty-printed JSON, the cache-control plugin, graphql-js execution), SDL and resolver
 * functions, a DataLoader for authors, pg. Listens by itself; returns its port.
 */
async function apolloPeer(): Promise<number> {
  const pool = new Pool({ connectionString: databaseUrl, max: 10 });
  const encode = (row: PostRow) => POST_CURSORS.published.encode({ at: row.published_at, id: row.id });
  const resolvers = {
    Query: {
      posts: async (_: unknown, { first = 20 }: { first?: number }) => {
        const { rows } = await pool.query<PostRow>(
          `select id, author_id, title, slug, excerpt, published_at from posts
           where status = 'published' and deleted_at is null and not author_deleted
           order by published_at desc, id desc limit $1`,
          [first + 1],
        );
        const edges = rows.slice(0, first).map((row) => ({ cursor: encode(row), node: row }));
        return { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
      },
    },
    Post: {
      id: (row: PostRow) => toGlobalId('Post', row.id),
      publishedAt: (row: PostRow) => row.published_at.toISOString(),
      author: (row: PostRow, _: unknown, context: { authors: DataLoader<string, unknown> }) =>
        context.authors.load(row.author_id),
    },
    User: {
      id: (row: { id: string }) => toGlobalId('User', row.id),
      displayName: (row: { display_name: string }) => row.display_name,
    },
  };
  const apollo = new ApolloServer({ typeDefs: PEER_TYPE_DEFS, resolvers });
  const { url } = await startStandaloneServer(apollo, {
    listen: { port: 0, host: '127.0.0.1' },
    context: async () => ({
      authors: new DataLoader(async (ids: readonly string[]) => {
        const { rows } = await pool.query('select id, display_name from users where id = any($1)', [ids]);
        const byId = new Map(rows.map((row: { id: string }) => [row.id, row]));
        return ids.map((id) => byId.get(id) ?? null);
      }),
    }),
  });
  return Number(new URL(url).port);
}

async function main() {
  // A normal exit on SIGTERM, so --cpu-prof (BENCH_CPU_PROF) gets to write its profile.
  process.once('SIGTERM', () => process.exit(0));
  if (mode === 'apollo') {
    process.send!({ port: await apolloPeer() });
    profileOnRequest();
    return;
  }
  const server =
    mode === 'full' || mode === 'uncached'
      ? await full(mode === 'full' ? 'on' : 'off')
      : mode === 'floor'
        ? await floor()
        : bare();
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => process.send!({ port: (server.address() as AddressInfo).port }));
  profileOnRequest();
}

/**
 * Over IPC: `{cpu: true}` answers this process's CPU usage (run.ts reports CPU per request);
 * bench/profile.ts starts and stops a CPU (or allocation) profile of just the measured window.
 */
function profileOnRequest() {
  let session: inspector.Session | undefined;
  let dir = '.';
  let heap = false;
  process.on('message', (message: { profile?: 'start' | 'stop'; dir?: string; heap?: boolean; cpu?: boolean }) => {
    if (message.cpu) process.send!({ cpu: process.cpuUsage(), cache: { ...cacheResults } });
    else if (message.profile === 'start') {
      dir = message.dir ?? '.';
      heap = message.heap === true;
      session = new inspector.Session();
      session.connect();
      // A CPU profile, or (heap) a sampling allocation profile: where the garbage comes from.
      if (heap)
        session.post(
          'HeapProfiler.startSampling',
          { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true },
          () => process.send!({ profiling: true }),
        );
      else
        session.post('Profiler.enable', () =>
          session!.post('Profiler.start', () => process.send!({ profiling: true })),
        );
    } else if (message.profile === 'stop' && session) {
      const write = (error: Error | null, profile: unknown, extension: string) => {
        if (!error) {
          fs.mkdirSync(dir, { recursive: true });
          fs.writeFileSync(path.join(dir, `full-${Date.now()}.${extension}`), JSON.stringify(profile));
        }
        session!.disconnect();
        process.send!({ profiling: false });
      };
      if (heap)
        session.post('HeapProfiler.stopSampling', (error, result) => write(error, result.profile, 'heapprofile'));
      else session.post('Profiler.stop', (error, result) => write(error, result.profile, 'cpuprofile'));
    }
  });
}

void main();
