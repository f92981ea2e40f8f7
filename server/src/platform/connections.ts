import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { SharedStore } from './shared-store/shared-store';
import { InProcessStore } from './shared-store/in-process-store';
import { RedisStore } from './shared-store/redis-store';
import type { Config } from './config';
import { createDatabase } from './db/database';

/** PostgreSQL (or embedded PGlite) and the shared store, as the config names them. */
export interface Connections {
  readonly db: Knex;
  readonly store: SharedStore;
  /** Closes what this call opened; a database or store passed in stays open. */
  close(): Promise<void>;
}

export interface OpenConnectionsOptions {
  logger: Logger;
  /** Called for every failed store command (redis_command_errors_total). */
  onCommandError?: () => void;
  /** Use this database instead of opening one (an embedded test file shares one in-memory PGlite). */
  db?: Knex;
  /** Use this store instead of opening one (an embedded replica shares its primary's). */
  store?: SharedStore;
  /** How long to wait for Redis before going on without it answering (it keeps reconnecting). */
  connectTimeoutMs?: number;
  /**
   * Fail when Redis does not answer in time, rather than start and answer 503 until it does:
   * for benchmarks, whose numbers would otherwise measure something other than they say.
   */
  requireStore?: boolean;
}

/**
 * The one place the process's edges are opened, for main, the worker, the admin CLI, the tests
 * and the benchmarks alike: PostgreSQL at DATABASE_URL (PGlite under DATA_DIR without it) and
 * Redis at REDIS_URL under REDIS_KEY_PREFIX (the in-process store without it, embedded mode,
 * and only then: a configured Redis that is down is never replaced by the in-process store).
 */
export async function openConnections(config: Config, options: OpenConnectionsOptions): Promise<Connections> {
  const store =
    options.store ?? (config.redisUrl ? await openRedis(config.redisUrl, config, options) : new InProcessStore());
  const db = options.db ?? createDatabase({ url: config.databaseUrl, dataDir: config.dataDir, logger: options.logger });
  return {
    db,
    store,
    async close() {
      if (!options.store) await store.close();
      if (!options.db) await db.destroy();
    },
  };
}

async function openRedis(url: string, config: Config, options: OpenConnectionsOptions): Promise<RedisStore> {
  const { logger, onCommandError } = options;
  const redis = new RedisStore({ url, keyPrefix: config.redisKeyPrefix, logger, onCommandError });
  if (await redis.connect(options.connectTimeoutMs)) return redis;
  if (options.requireStore) {
    await redis.close();
    throw new Error(`Redis at ${url} is not answering`);
  }
  logger.warn('Redis is not answering yet; auth answers 503 until it does');
  return redis;
}
