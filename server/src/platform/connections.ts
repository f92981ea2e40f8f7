import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Cache } from './cache/cache';
import { MemoryCache } from './cache/memory-cache';
import { RedisCache } from './cache/redis-cache';
import type { Config } from './config';
import { createDatabase } from './db/database';

/** PostgreSQL (or embedded PGlite) and the shared store, as the config names them. */
export interface Connections {
  readonly db: Knex;
  readonly cache: Cache;
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
  cache?: Cache;
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
  const cache =
    options.cache ?? (config.redisUrl ? await openRedis(config.redisUrl, config, options) : new MemoryCache());
  const db = options.db ?? createDatabase({ url: config.databaseUrl, dataDir: config.dataDir, logger: options.logger });
  return {
    db,
    cache,
    async close() {
      if (!options.cache) await cache.close();
      if (!options.db) await db.destroy();
    },
  };
}

async function openRedis(url: string, config: Config, options: OpenConnectionsOptions): Promise<RedisCache> {
  const { logger, onCommandError } = options;
  const redis = new RedisCache({ url, keyPrefix: config.redisKeyPrefix, logger, onCommandError });
  if (await redis.connect(options.connectTimeoutMs)) return redis;
  if (options.requireStore) {
    await redis.close();
    throw new Error(`Redis at ${url} is not answering`);
  }
  logger.warn('Redis is not answering yet; auth answers 503 until it does');
  return redis;
}
