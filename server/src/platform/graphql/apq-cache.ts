import type { Logger } from 'pino';
import type { SharedStore } from '../shared-store/shared-store';

/** Queries longer than this are not kept: a client that sends them pays one more round trip. */
export const APQ_MAX_QUERY_BYTES = 16 * 1024;

/** Apollo prefixes every APQ key with `apq:` before it reaches the cache; the rest is the client's hash. */
const APQ_KEY = /^apq:[a-f0-9]{64}$/;

/**
 * Apollo's automatic persisted queries (APQ), kept in the shared store (Redis) rather than in
 * each process's memory, so a hash registered through one replica is found by every other one.
 * It is Apollo's `KeyValueCache` over the app's own `SharedStore`: the same connection, key prefix
 * and failure handling as everything else in Redis (ADR 16).
 *
 * APQ is an optimisation, so the cache failing never fails a request: a lookup that cannot
 * reach Redis is a miss (the client sends the full query again), and a registration that
 * cannot be written is dropped. Entries expire after `ttlSeconds` and are bounded in size:
 * Redis runs with `noeviction` (revocations must never be evicted), so nothing a client can
 * register may grow without bound.
 */
export class ApqCache {
  constructor(
    private readonly store: SharedStore,
    private readonly ttlSeconds: number,
    private readonly logger: Logger,
  ) {}

  async get(key: string): Promise<string | undefined> {
    if (!APQ_KEY.test(key)) return undefined;
    try {
      return (await this.store.get(key)) ?? undefined;
    } catch (error) {
      this.logger.warn({ err: error }, 'APQ lookup failed; answering as a miss');
      return undefined;
    }
  }

  async set(key: string, query: string): Promise<void> {
    if (!APQ_KEY.test(key) || Buffer.byteLength(query) > APQ_MAX_QUERY_BYTES) return;
    try {
      await this.store.set(key, query, this.ttlSeconds);
    } catch (error) {
      this.logger.warn({ err: error }, 'APQ registration not stored');
    }
  }

  async delete(key: string): Promise<void> {
    if (APQ_KEY.test(key)) await this.store.del(key).catch(() => undefined);
  }
}
