import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Cache } from './cache';
import { MemoryCache } from './memory-cache';
import { RedisCache } from './redis-cache';

/** The shared store the config names: Redis at REDIS_URL, or the in-process one in embedded mode. */
export async function openCache(
  config: Config,
  logger: Logger,
  options: { onCommandError?: () => void } = {},
): Promise<Cache> {
  if (!config.redisUrl) return new MemoryCache();
  const redis = new RedisCache({ url: config.redisUrl, keyPrefix: config.redisKeyPrefix, logger, ...options });
  if (!(await redis.connect())) logger.warn('Redis is not answering yet; auth answers 503 until it does');
  return redis;
}
