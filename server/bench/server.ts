/**
 * One benchmark server in its own process, so the load generator never shares its event loop:
 *   full: the whole Inkwell app (createApp: request id, access log, JSON body, Apollo, limits…)
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
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { buildSchema } from 'graphql';
import { Pool } from 'pg';
import pino from 'pino';
import { createApp } from '../src/app';
import type { Cache } from '../src/platform/cache/cache';
import { MemoryCache } from '../src/platform/cache/memory-cache';
import { RedisCache } from '../src/platform/cache/redis-cache';
import { loadConfig } from '../src/platform/config';
import { createDatabase } from '../src/platform/db/database';
import { createLogger } from '../src/platform/observability/logger';
import { POST_CURSORS } from '../src/modules/posts/post.cursors';
import { createJitGateway } from '../src/platform/graphql/jit-executor';
import { toGlobalId } from '../src/platform/graphql/relay-id';

const [mode, databaseUrl, redisUrl] = process.argv.slice(2) as [string, string, string | undefined];

async function full(): Promise<http.Server> {
  const config = loadConfig({
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl || 'redis://127.0.0.1:6379',
    REDIS_KEY_PREFIX: `inkwell:bench:${process.pid}:`,
    JWT_ACCESS_SECRET: 'bench-access-secret-0123456789abcdef0123456789',
    JWT_REFRESH_SECRET: 'bench-refresh-secret-0123456789abcdef012345678',
    LOG_LEVEL: 'info',
    MIGRATE_ON_START: 'false',
    // bench/observability.bench.ts turns metrics and tracing on and off through these.
    METRICS_PORT: process.env.METRICS_PORT,
    OTEL_EXPORTER_OTLP_ENDPOINT: process.env.OTEL_EXPORTER_OTLP_ENDPOINT,
    OTEL_TRACES_SAMPLER: process.env.OTEL_TRACES_SAMPLER,
  });
  // Access lines are written as in production (to stdout, which the runner discards).
  const logger = createLogger(config.logLevel);
  const db = createDatabase({ url: config.databaseUrl, dataDir: '', logger });
  let cache: Cache = new MemoryCache();
  if (redisUrl) {
    const redis = new RedisCache({ url: redisUrl, keyPrefix: config.redisKeyPrefix, logger });
    if (await redis.connect()) cache = redis;
  }
  const app = await createApp({ config, logger, db, cache });
  return app.server;
}

/** The feed page with two hand-written statements, as a bare handler would serve it. */
function feedPage(pool: Pool) {
  const encode = (at: Date, id: string) => POST_CURSORS.published.encode({ at, id });
  return async () => {
    const { rows } = await pool.query(
      `select id, author_id, title, slug, excerpt, published_at from posts
       where status = 'published' and deleted_at is null
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

async function main() {
  // A normal exit on SIGTERM, so --cpu-prof (BENCH_CPU_PROF) gets to write its profile.
  process.once('SIGTERM', () => process.exit(0));
  const server = mode === 'full' ? await full() : mode === 'floor' ? await floor() : bare();
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => process.send!({ port: (server.address() as AddressInfo).port }));
  profileOnRequest();
}

/**
 * Over IPC: `{cpu: true}` answers this process's CPU usage (run.ts reports CPU per request);
 * bench/profile.ts starts and stops a CPU profile of just the measured window.
 */
function profileOnRequest() {
  let session: inspector.Session | undefined;
  let dir = '.';
  process.on('message', (message: { profile?: 'start' | 'stop'; dir?: string; cpu?: boolean }) => {
    if (message.cpu) process.send!({ cpu: process.cpuUsage() });
    else if (message.profile === 'start') {
      dir = message.dir ?? '.';
      session = new inspector.Session();
      session.connect();
      session.post('Profiler.enable', () => session!.post('Profiler.start', () => process.send!({ profiling: true })));
    } else if (message.profile === 'stop' && session) {
      session.post('Profiler.stop', (error, result) => {
        if (!error) fs.writeFileSync(path.join(dir, `full-${Date.now()}.cpuprofile`), JSON.stringify(result.profile));
        session!.disconnect();
        process.send!({ profiling: false });
      });
    }
  });
}

void main();
