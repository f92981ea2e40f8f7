import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import request from 'supertest';
import { createApp, type App, type AppOptions } from '../../src/app';
import { createJobBackend, startJobs, type JobRuntime } from '../../src/jobs';
import type { SharedStore } from '../../src/platform/shared-store/shared-store';
import type { Clock } from '../../src/platform/clock';
import { RedisStore } from '../../src/platform/shared-store/redis-store';
import { loadConfig, type Config } from '../../src/platform/config';
import { openConnections } from '../../src/platform/connections';
import { createDatabase, migrateLatest } from '../../src/platform/db/database';
import { createLogger } from '../../src/platform/observability/logger';
import { MetricsRegistry } from '../../src/platform/observability/metrics-registry';
import { testEnv, TEST_SECRETS } from './env';
import { LogCapture } from './log-capture';
import { scratchDatabase } from './scratch-database';

export interface TestApp {
  readonly app: App;
  readonly config: Config;
  readonly db: Knex;
  readonly store: SharedStore;
  readonly logs: LogCapture;
  readonly url: string;
  /** The app's metrics server (its own port, as METRICS_PORT in production): `${metricsUrl}/metrics`; '' when off. */
  readonly metricsUrl: string;
  /** supertest bound to the running server. */
  http(): request.Agent;
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  /** Point the app at a dead PostgreSQL / Redis instead of the real ones. */
  databaseUrl?: string;
  redisUrl?: string;
  db?: Knex;
  app?: AppOptions;
  /** Relay the outbox to a job backend (BullMQ under this app's prefix) and run the jobs in-process. */
  jobs?: { smtpUrl: string; schedule?: StartJobsOptions['schedule']; hooks?: StartJobsOptions['hooks'] };
  /** Relay the outbox to BullMQ (under this app's prefix) without running jobs: a worker process does. */
  relayOnly?: boolean;
  /** The app's clock for its own windows (rate limits, refresh grace): a ManualClock to move time. */
  clock?: Clock;
}

type StartJobsOptions = Parameters<typeof startJobs>[0];

let embeddedDb: Promise<Knex> | undefined;

/** Closes this test file's embedded PGlite, if it made one (jest.setup.ts runs it after each file). */
export async function closeEmbeddedDatabase(): Promise<void> {
  const db = embeddedDb;
  embeddedDb = undefined;
  if (db) await (await db).destroy();
}

/** Embedded mode shares one in-memory PGlite per test file (it is a single connection). */
function embeddedDatabase(): Promise<Knex> {
  embeddedDb ??= (async () => {
    const db = createDatabase({ url: undefined, dataDir: '', inMemory: true });
    await migrateLatest(db);
    return db;
  })();
  return embeddedDb;
}

/**
 * Starts the real app on port 0 against the run's PostgreSQL database and Redis (under a key
 * prefix of its own), or embedded stand-ins when run-tests.js fell back to embedded mode.
 */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const prefix = `inkwell:test:${randomBytes(4).toString('hex')}:`;
  // The outbox is global state: a relay takes every pending row of its database (as replicas
  // sharing one queue should), so in the run's shared database an app with jobs would relay the
  // rows of every other test file into its own queue (its own Redis prefix) and mail them to its
  // own SMTP capture, and another such app could take this one's. An app with jobs gets a
  // database of its own unless the test gives it one.
  const own =
    (options.jobs || options.relayOnly) && !options.databaseUrl && !options.db
      ? await scratchDatabase('jobs')
      : undefined;
  const databaseUrl = options.databaseUrl ?? own?.url ?? testEnv.databaseUrl;
  const redisUrl = options.redisUrl ?? testEnv.redisUrl;
  const configSource = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    ...TEST_SECRETS,
    DATABASE_URL: testEnv.embedded && !options.databaseUrl ? undefined : databaseUrl,
    REDIS_URL: testEnv.embedded && !options.redisUrl ? undefined : redisUrl,
    REDIS_KEY_PREFIX: prefix,
    MIGRATE_ON_START: 'false',
    CLIENT_DIST_DIR: '/nonexistent',
    ...options.env,
  };
  const config = loadConfig(configSource);
  const logs = new LogCapture();
  const logger = createLogger(config.logLevel, logs);
  const metrics = config.metrics.port !== 0 ? new MetricsRegistry() : undefined;
  const connections = await openConnections(config, {
    logger,
    db: options.db ?? (config.embedded.database ? await embeddedDatabase() : undefined),
    // A test pointed at a dead Redis need not wait long to find out.
    connectTimeoutMs: options.redisUrl ? 500 : 3_000,
    onCommandError: () => metrics?.redisCommandFailed(),
  });
  const { db, store } = connections;
  const jobs = options.jobs || options.relayOnly ? createJobBackend(config, logger) : undefined;
  const app = await createApp({ config, logger, db, store, metrics, jobs, clock: options.clock }, options.app);
  let runtime: JobRuntime | undefined;
  if (jobs && options.jobs) {
    const jobConfig = loadConfig({ ...configSource, SMTP_URL: options.jobs.smtpUrl });
    runtime = await startJobs({
      config: jobConfig,
      logger,
      db,
      services: app.services,
      backend: jobs,
      schedule: options.jobs.schedule,
      hooks: options.jobs.hooks,
    });
  }
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  const { port } = app.server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const metricsServer = app.metricsServer;
  if (metricsServer) await new Promise<void>((resolve) => metricsServer.listen(0, '127.0.0.1', resolve));
  const metricsUrl = metricsServer ? `http://127.0.0.1:${(metricsServer.address() as AddressInfo).port}` : '';

  return {
    app,
    config,
    db,
    store,
    logs,
    url,
    metricsUrl,
    http: () => request.agent(url),
    async close() {
      app.server.closeAllConnections();
      await new Promise<void>((resolve) => app.server.close(() => resolve()));
      metricsServer?.closeAllConnections();
      if (metricsServer) await new Promise<void>((resolve) => metricsServer.close(() => resolve()));
      await app.stop();
      await (runtime ? runtime.stop(5_000) : jobs?.close(5_000));
      if (store instanceof RedisStore) {
        const keys = await store.client.keys(`${prefix}*`).catch(() => [] as string[]);
        if (keys.length) await store.client.del(...keys.map((key) => key.slice(prefix.length)));
      }
      await connections.close();
      await own?.drop();
    },
  };
}

/** Runs `body` against a fresh app (its own Redis prefix, so its own buckets), then closes it. */
export async function withApp(env: Record<string, string>, body: (t: TestApp) => Promise<void>, clock?: Clock) {
  const t = await startTestApp({ env, clock });
  try {
    await body(t);
  } finally {
    await t.close();
  }
}

export interface Replica {
  readonly url: string;
  readonly store: SharedStore;
  readonly logs: LogCapture;
  http(): request.Agent;
  close(): Promise<void>;
}

/**
 * A second replica of `primary`: its own app, knex pool and Redis connection, sharing the
 * database and the Redis key prefix, as two containers behind the edge would. (In embedded mode
 * it shares the primary's in-process database and store.)
 */
export async function startReplica(primary: TestApp): Promise<Replica> {
  const logs = new LogCapture();
  const logger = createLogger('info', logs);
  // Embedded, it shares the primary's in-process database and store (there is nothing to connect to).
  const connections = await openConnections(primary.config, {
    logger,
    db: primary.config.databaseUrl === undefined ? primary.db : undefined,
    store: primary.config.redisUrl === undefined ? primary.store : undefined,
  });
  const { db, store } = connections;
  const app = await createApp({ config: primary.config, logger, db, store });
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return {
    url,
    store,
    logs,
    http: () => request.agent(url),
    async close() {
      app.server.closeAllConnections();
      await new Promise<void>((resolve) => app.server.close(() => resolve()));
      await app.stop();
      await connections.close();
    },
  };
}
