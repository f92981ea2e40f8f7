import { randomUUID } from 'node:crypto';
import Redis, { type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import { serviceUnavailable } from '../errors/app-error';
import type { SharedStore } from './shared-store';

// One round trip, atomic on the server: prune the window, read what is left, add this hit.
const RECORD_HIT = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1] - ARGV[2])
local prior = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return prior`;

const INCREMENT = `
local value = redis.call('INCR', KEYS[1])
if value == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return value`;

const SET_MONOTONIC = `
local current = redis.call('GET', KEYS[1])
if current and tonumber(string.match(current, '^(-?%d+)')) > tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[1] .. ':' .. ARGV[2], 'PX', ARGV[3])
return 1`;

// A generation never seen (or evicted) starts at the server's clock in microseconds: above any
// value it had before (each bump adds 1), so an old entry can never become reachable again.
const FRESH_GENERATION = `
local function fresh_generation()
  local now = redis.call('TIME')
  return now[1] .. string.format('%06d', now[2])
end`;

// Creates the generations that are missing (never seen, expired, or lost with Redis's data),
// atomically, and returns them all joined with '.'. Only on a read that found one missing: the
// common read is one MGET (readGenerations).
const ENSURE_GENERATIONS = `${FRESH_GENERATION}
local gens = {}
for i = 1, #KEYS do
  local gen = redis.call('GET', KEYS[i])
  if not gen then
    gen = fresh_generation()
    redis.call('SET', KEYS[i], gen, 'PX', ARGV[1])
  end
  gens[#gens + 1] = gen
end
return table.concat(gens, '.')`;

const BUMP_VERSIONS = `${FRESH_GENERATION}
for i = 1, #KEYS do
  if redis.call('EXISTS', KEYS[i]) == 1 then
    redis.call('INCR', KEYS[i])
  else
    redis.call('SET', KEYS[i], fresh_generation())
  end
  redis.call('PEXPIRE', KEYS[i], ARGV[1])
end
return #KEYS`;

/** How long an idle generation counter is kept (an expired one only costs its readers a miss). */
export const GENERATION_TTL_MS = 24 * 3600 * 1000;

type ScriptedRedis = Redis & {
  recordHit(key: string, nowMs: number, windowMs: number, member: string): Promise<string[]>;
  incrementWithTtl(key: string, ttlMs: number): Promise<number>;
  setMonotonic(key: string, version: number, value: string, ttlMs: number): Promise<number>;
  ensureGenerations(...keysThenTtl: (string | number)[]): Promise<string>;
  bumpVersions(...keysThenTtl: (string | number)[]): Promise<number>;
};

export interface RedisStoreOptions {
  url: string;
  keyPrefix: string;
  logger: Logger;
  /** Called for every command that fails (redis_command_errors_total). */
  onCommandError?: () => void;
}

/**
 * Redis behind the Cache interface. Timeouts are short and the offline queue is off, so when
 * Redis is down a call fails within about a second instead of queueing: auth answers 503
 * rather than hanging or succeeding unchecked.
 */
export class RedisStore implements SharedStore {
  readonly client: ScriptedRedis;
  private lastErrorLog = 0;
  private readonly onCommandError: () => void;

  constructor(options: RedisStoreOptions) {
    const redisOptions: RedisOptions = {
      keyPrefix: options.keyPrefix,
      connectTimeout: 2_000,
      commandTimeout: 1_000,
      // Commands issued in one turn of the event loop (a busy server's concurrent requests) go out
      // in one write: on a response-cache hit, the write to Redis was 30% of the server's CPU.
      enableAutoPipelining: true,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      lazyConnect: true,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    };
    this.client = new Redis(options.url, redisOptions) as ScriptedRedis;
    this.onCommandError = options.onCommandError ?? (() => undefined);
    this.client.defineCommand('recordHit', { numberOfKeys: 1, lua: RECORD_HIT });
    this.client.defineCommand('incrementWithTtl', { numberOfKeys: 1, lua: INCREMENT });
    this.client.defineCommand('setMonotonic', { numberOfKeys: 1, lua: SET_MONOTONIC });
    this.client.defineCommand('ensureGenerations', { lua: ENSURE_GENERATIONS });
    this.client.defineCommand('bumpVersions', { lua: BUMP_VERSIONS });
    this.client.on('error', (error: Error) => {
      // A dead Redis emits an error per reconnect attempt; one line every 10 s is enough.
      if (Date.now() - this.lastErrorLog > 10_000) {
        this.lastErrorLog = Date.now();
        options.logger.error({ err: { message: error.message } }, 'redis connection error');
      }
    });
  }

  /** Connects, waiting at most `timeoutMs`; a Redis that is down now keeps being retried. */
  async connect(timeoutMs = 3_000): Promise<boolean> {
    const ready = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.client.once('ready', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    this.client.connect().catch(() => undefined);
    return ready;
  }

  private async call<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      this.onCommandError();
      throw serviceUnavailable('The shared store', error);
    }
  }

  get(key: string) {
    return this.call(() => this.client.get(key));
  }

  mget(keys: readonly string[]) {
    return keys.length === 0 ? Promise.resolve([]) : this.call(() => this.client.mget(...keys));
  }

  async set(key: string, value: string, ttlSeconds?: number) {
    await this.call(() =>
      ttlSeconds === undefined
        ? this.client.set(key, value)
        : this.client.set(key, value, 'PX', Math.max(1, Math.ceil(ttlSeconds * 1000))),
    );
  }

  async setMany(entries: readonly { key: string; value: string; ttlSeconds: number }[]) {
    if (entries.length === 0) return;
    await this.call(async () => {
      const multi = this.client.multi();
      for (const { key, value, ttlSeconds } of entries) {
        multi.set(key, value, 'PX', Math.max(1, Math.ceil(ttlSeconds * 1000)));
      }
      const results = await multi.exec();
      const failed = results?.find(([error]) => error);
      if (!results || failed) throw failed?.[0] ?? new Error('MULTI aborted');
    });
  }

  async setMonotonic(key: string, version: number, value: string, ttlSeconds: number) {
    await this.call(() => this.client.setMonotonic(key, version, value, Math.max(1, Math.ceil(ttlSeconds * 1000))));
  }

  async setIfAbsent(key: string, value: string, ttlSeconds: number) {
    const result = await this.call(() =>
      this.client.set(key, value, 'PX', Math.max(1, Math.ceil(ttlSeconds * 1000)), 'NX'),
    );
    return result === 'OK';
  }

  async del(...keys: string[]) {
    if (keys.length > 0) await this.call(() => this.client.del(...keys));
  }

  increment(key: string, ttlSeconds: number) {
    return this.call(() => this.client.incrementWithTtl(key, Math.ceil(ttlSeconds * 1000)));
  }

  async recordHit(key: string, nowMs: number, windowMs: number) {
    const flat = await this.call(() => this.client.recordHit(key, nowMs, windowMs, `${nowMs}:${randomUUID()}`));
    // WITHSCORES returns [member, score, member, score, ...]
    return flat.filter((_, index) => index % 2 === 1).map(Number);
  }

  async addDistinct(key: string, member: string, ttlSeconds: number) {
    await this.call(() => this.client.multi().pfadd(key, member).expire(key, Math.ceil(ttlSeconds)).exec());
  }

  countDistinct(key: string) {
    return this.call(() => this.client.pfcount(key));
  }

  async addToSet(key: string, member: string, ttlSeconds: number) {
    await this.call(() => this.client.multi().sadd(key, member).expire(key, Math.ceil(ttlSeconds)).exec());
  }

  setMembers(key: string) {
    return this.call(() => this.client.smembers(key));
  }

  async readWithGenerations(key: string, scopes: readonly string[]) {
    // One MGET: a script costs Redis about 20 µs a call here, a plain read about 1 µs, and this
    // is every response-cache hit.
    const values = await this.call(() => this.client.mget(key, ...scopes));
    const generations = values.slice(1);
    if (generations.every((generation) => generation !== null)) {
      return { value: values[0] ?? null, generations: generations.join('.') };
    }
    const created = await this.call(() => this.client.ensureGenerations(scopes.length, ...scopes, GENERATION_TTL_MS));
    // Whatever `key` holds was written under generations that no longer exist.
    return { value: null, generations: created };
  }

  async readGenerations(scopes: readonly string[]) {
    // An answer that depends on no scope (`{ __typename }`) has no generations to read (and an
    // MGET of no keys is an error).
    if (scopes.length === 0) return '';
    const generations = await this.call(() => this.client.mget(...scopes));
    return generations.every((generation) => generation !== null) ? generations.join('.') : null;
  }

  async bumpVersions(scopes: readonly string[], ttlSeconds: number) {
    if (scopes.length === 0) return;
    const ttlMs = Math.max(GENERATION_TTL_MS, Math.ceil(ttlSeconds * 1000));
    await this.call(() => this.client.bumpVersions(scopes.length, ...scopes, ttlMs));
  }

  async ping() {
    await this.call(() => this.client.ping());
  }

  async close() {
    await this.client.quit().catch(() => this.client.disconnect());
  }
}
