import 'reflect-metadata';
// First: OpenTelemetry hooks express, graphql, pg and ioredis as they load (when tracing is on).
import { tracing } from './platform/observability/instrument';
import type { AddressInfo } from 'node:net';
import { createApp } from './app';
import { createJobBackend, startJobs, type JobRuntime } from './jobs';
import { instrumentJobRuntime } from './platform/jobs/job-metrics';
import { serveMetrics } from './platform/observability/metrics-server';
import { ConfigError, loadConfig, type Config } from './platform/config';
import { pathProblems } from './platform/config/paths';
import { openConnections } from './platform/connections';
import { migrateLatest } from './platform/db/database';
import { drainAndClose, installCrashHandlers } from './platform/lifecycle';
import { createLogger } from './platform/observability/logger';
import { MetricsRegistry } from './platform/observability/metrics-registry';

function readConfigOrExit(): Config {
  try {
    const config = loadConfig();
    const problems = pathProblems(config);
    if (problems.length > 0) throw new ConfigError(problems);
    return config;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // One line per problem, no stack: this is an operator's mistake, not a crash.
    process.stderr.write(`inkwell: invalid configuration, not starting\n`);
    for (const problem of error.problems) process.stderr.write(`  ${problem}\n`);
    process.exit(1);
  }
}

async function main() {
  const config = readConfigOrExit();
  const logger = createLogger(config.logLevel);
  const embedded = config.embedded.database || config.embedded.cache;
  logger.info(
    { mode: embedded ? 'embedded' : 'services', env: config.env, embedded: config.embedded },
    embedded
      ? `Inkwell starting in EMBEDDED mode (${config.embedded.database ? 'PGlite under ' + config.dataDir : 'PostgreSQL'}, ${config.embedded.cache ? 'in-process store' : 'Redis'}): for trying it out, not for production`
      : 'Inkwell starting with PostgreSQL and Redis',
  );
  installCrashHandlers(logger);

  const metrics = config.metrics.port !== 0 ? new MetricsRegistry() : undefined;
  const { db, store } = await openConnections(config, { logger, onCommandError: () => metrics?.redisCommandFailed() });
  if (config.migrateOnStart) {
    const applied = await migrateLatest(db);
    logger.info({ applied }, applied.length ? 'migrations applied' : 'database schema up to date');
  }

  // The API writes jobs to the outbox and relays them to the queue; the worker runs them, or
  // this process does (embedded mode, JOBS_IN_PROCESS).
  const jobs = createJobBackend(config, logger);
  const app = await createApp({ config, logger, db, store, metrics, jobs });
  await app.services.onStart?.();
  let runtime: JobRuntime | undefined;
  if (config.jobs.inProcess) {
    const hooks = app.metrics ? instrumentJobRuntime(app.metrics, jobs) : undefined;
    runtime = await startJobs({ config, logger, db, services: app.services, backend: jobs, hooks });
  }

  // PORT=0 asks the OS for a free port: the line reports the one really bound (scripts read it).
  app.server.listen(config.port, config.host, () => {
    const { port } = app.server.address() as AddressInfo;
    logger.info({ port, version: config.version }, `Inkwell is serving http://localhost:${port}`);
    app.services
      .afterStart()
      .catch((error: unknown) => logger.error({ err: error }, 'background start-up work failed'));
  });
  if (app.metricsServer) serveMetrics(app.metricsServer, config.metrics, logger, { tracing: tracing !== null });

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: draining in-flight requests');
    const closeMetrics = () => new Promise<void>((resolve) => app.metricsServer?.close(() => resolve()) ?? resolve());
    const flushTraces = async () => tracing?.shutdown();
    const stopJobs = () => (runtime ? runtime.stop(config.http.shutdownTimeoutMs) : jobs.close());
    drainAndClose(
      app.server,
      [() => app.stop(), stopJobs, () => db.destroy(), () => store.close(), closeMetrics, flushTraces],
      {
        timeoutMs: config.http.shutdownTimeoutMs,
        logger,
      },
    ).then(() => {
      logger.info('shutdown complete');
      process.exit(0);
    });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  // Startup failed (database unreachable, migration error): one line, no stack, exit non-zero.
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`inkwell: failed to start: ${message}\n`);
  process.exit(1);
});
