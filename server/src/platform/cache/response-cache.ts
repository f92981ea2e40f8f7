import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { SharedStore } from '../shared-store/shared-store';

/**
 * The shared read-through cache of public answers (ADR 13). Transport-agnostic: a transport says
 * what identifies an answer (`key`) and what it depends on (`scopes`); writes bump the scopes
 * they change (`invalidate`), which moves every entry read under them out of reach.
 */

/** Scopes an answer depends on; a write bumps the ones it changes. */
export const RESPONSE_SCOPES = {
  /** Every public list of posts: the feed, each author's page. */
  lists: 'lists',
  /** Every public user field (display names, deleted accounts). */
  users: 'users',
  flags: 'flags',
  post: (id: string) => `post:${id}`,
  slug: (slug: string) => `slug:${slug.length <= 100 ? slug : createHash('sha256').update(slug).digest('base64url')}`,
} as const;

/** What writers see of the cache: a write bumps the scopes it changed, after its commit. */
export interface PublicAnswers {
  invalidate(scopes: readonly string[]): Promise<void>;
}

/** A stored answer: the stable part of the body and its strong ETag. */
export interface CachedAnswer {
  readonly etag: string;
  /** The payload without anything per request (the request id is added when sending). */
  readonly payload: string;
}

export type CacheResult = 'HIT' | 'MISS' | 'BYPASS';

/** What a miss produced: the answer to store (null when it must not be cached) and the caller's own result. */
export interface Computed<T> {
  readonly answer: CachedAnswer | null;
  readonly own: T;
}

export type Lookup<T> =
  | { readonly result: 'HIT'; readonly answer: CachedAnswer }
  | { readonly result: 'MISS'; readonly answer: CachedAnswer | null; readonly own?: T }
  | { readonly result: 'BYPASS' };

export interface ResponseCacheOptions {
  readonly store: SharedStore;
  readonly enabled: boolean;
  readonly ttlSeconds: number;
  readonly logger: Logger;
  /** How long a replica computing a key keeps others waiting for it. */
  readonly lockSeconds?: number;
  /** How often and how long others poll for its answer before computing it themselves. */
  readonly lockPollMs?: number;
  readonly lockPolls?: number;
  /** Waits between polls (injectable, so tests need no wall clock). */
  readonly sleep?: (ms: number) => Promise<void>;
  /**
   * How many answers, and how many characters of them, this replica keeps in memory (see get).
   * A transport that sends an answer keeps its body encoded beside it (AnswerBody): about as many
   * bytes again.
   */
  readonly localEntries?: number;
  readonly localCharacters?: number;
  /** How long a write waits, in pauses between attempts, for its bump to go in (see invalidate). */
  readonly invalidateWaitMs?: number;
  /** Milliseconds since the epoch (injectable, so tests need no wall clock). */
  readonly now?: () => number;
}

/** An answer this replica read or computed, kept with the generations it is valid under. */
interface LocalAnswer {
  readonly generations: string;
  readonly answer: CachedAnswer;
  /** When its stored entry expires at the latest (the cache's TTL from when it was kept). */
  readonly expiresAt: number;
}

/** A read of some scopes' generations, shared by the requests of one turn that ask for it. */
interface TurnRead {
  readonly keys: readonly string[];
  readonly promise: Promise<string | null>;
  resolve(generations: string | null): void;
  reject(error: unknown): void;
}

const LOCAL_ENTRIES = 1_000;
const LOCAL_CHARACTERS = 32 * 1024 * 1024;

const ENTRY_PREFIX = 'rc:e:';
const GENERATION_PREFIX = 'rc:g:';
const LOCK_PREFIX = 'rc:l:';

export const etagOf = (payload: string) => `"${createHash('sha256').update(payload).digest('base64url').slice(0, 27)}"`;

export const answerOf = (payload: string): CachedAnswer => ({ etag: etagOf(payload), payload });

/**
 * An entry: the generations of its scopes when it was computed, its ETag and its payload, one
 * per line. One key per answer; a newer computation overwrites it.
 */
const serialize = (generations: string, answer: CachedAnswer) => `${generations}\n${answer.etag}\n${answer.payload}`;

/** The answer in an entry if it was computed under exactly these generations, else null (stale). */
function entryUnder(value: string | null, generations: string): CachedAnswer | null {
  if (value === null || !value.startsWith(generations) || value.charCodeAt(generations.length) !== 10) return null;
  const start = generations.length + 1;
  const newline = value.indexOf('\n', start);
  return newline > start ? { etag: value.slice(start, newline), payload: value.slice(newline + 1) } : null;
}

/** sha256 of the parts that identify an answer, so keys stay short whatever the variables. */
export const cacheKeyOf = (...parts: string[]) => createHash('sha256').update(parts.join('\n')).digest('base64url');

export class ResponseCache implements PublicAnswers {
  /** In-process single flight: concurrent misses of one versioned key share one computation. */
  private readonly inFlight = new Map<string, Promise<Computed<unknown>>>();
  /** Scopes whose bump failed (store down): bumped again before this replica reads the cache. */
  private readonly pendingBumps = new Set<string>();
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly listeners: ((result: CacheResult) => void)[] = [];
  private lastWarning = 0;
  /**
   * Answers this replica already holds, by entry key, oldest first. Each is served only after
   * its scopes' current generations are read from the store and found equal to those it was
   * computed under, exactly as the stored entry would be: the store is consulted on every hit,
   * so a write on any replica (a bump) reaches this copy at once, and a store that is down or
   * lost its generations means no hit at all. What it saves is moving the entry itself (a
   * page's kilobytes) out of Redis and decoding it on every hit.
   */
  private readonly local = new Map<string, LocalAnswer>();
  private localCharacters = 0;
  /** Generation reads asked for in this event-loop turn, by scopes (see currentGenerations). */
  private readonly turnReads = new Map<string, TurnRead>();
  private readonly now: () => number;
  private readonly invalidateWaitMs: number;
  private retrying = false;

  constructor(private readonly options: ResponseCacheOptions) {
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.now = options.now ?? Date.now;
    this.invalidateWaitMs = options.invalidateWaitMs ?? 10_000;
  }

  get enabled(): boolean {
    return this.options.enabled;
  }

  /**
   * Answers from the cache, or computes once (per key, per process; across replicas a short lock
   * lets the others wait for the first) and stores what `compute` says is cacheable. When the
   * store fails the answer is computed uncached (BYPASS): the cache never fails a read.
   */
  async get<T>(key: string, scopes: readonly string[], compute: () => Promise<Computed<T>>): Promise<Lookup<T>> {
    if (!this.options.enabled) return { result: 'BYPASS' };
    const { store, logger } = this.options;
    const entryKey = ENTRY_PREFIX + key;
    const generationKeys = scopes.map((scope) => GENERATION_PREFIX + scope);
    let read: { value: string | null; generations: string };
    try {
      await this.flushPendingBumps();
      const local = this.local.get(entryKey);
      if (local !== undefined) {
        if (local.expiresAt > this.now() && (await this.currentGenerations(generationKeys)) === local.generations) {
          this.report('HIT');
          return { result: 'HIT', answer: local.answer };
        }
        this.forget(entryKey);
      }
      read = await store.readWithGenerations(entryKey, generationKeys);
    } catch (error) {
      // A dead store fails every request: one line every 10 s is enough.
      if (Date.now() - this.lastWarning > 10_000) {
        this.lastWarning = Date.now();
        logger.warn({ err: error }, 'response cache unavailable; answering uncached');
      }
      this.report('BYPASS');
      return { result: 'BYPASS' };
    }
    const hit = entryUnder(read.value, read.generations);
    if (hit) {
      this.keep(entryKey, read.generations, hit);
      this.report('HIT');
      return { result: 'HIT', answer: hit };
    }
    this.report('MISS');
    // One computation per key and generations: a bump starts a new one.
    const versionedKey = `${key}|${read.generations}`;
    const shared = this.inFlight.get(versionedKey);
    if (shared) {
      const { answer } = await shared;
      // The first caller's answer serves everyone; an uncacheable one (an error) is not shared.
      return answer ? { result: 'MISS', answer } : { result: 'MISS', answer: null, own: (await compute()).own };
    }
    const computation = this.fill(entryKey, read.generations, versionedKey, compute);
    this.inFlight.set(versionedKey, computation);
    try {
      const computed = (await computation) as Computed<T>;
      return { result: 'MISS', answer: computed.answer, own: computed.own };
    } finally {
      this.inFlight.delete(versionedKey);
    }
  }

  /**
   * Makes every entry read under `scopes` unreachable, on every replica. Never throws. It bumps
   * even with the cache switched off here: other replicas may still have it on (a rolling change).
   */
  async invalidate(scopes: readonly string[]): Promise<void> {
    if (scopes.length === 0) return;
    scopes.forEach((scope) => this.pendingBumps.add(scope));
    // A store that refuses writes may still answer reads (a Redis failing over, paused or read
    // only): other replicas would go on serving the old answers. So the write does not answer
    // until its bump is in, retrying for a while (a failover takes seconds).
    let waited = 0;
    for (let attempt = 0; ; attempt += 1) {
      try {
        await this.flushPendingBumps();
        return;
      } catch (error) {
        const pause = Math.min(1_000, 100 * 2 ** attempt);
        if (waited + pause > this.invalidateWaitMs) {
          this.options.logger.error(
            { err: error, scopes },
            'response cache not invalidated; retried in the background and before the next read',
          );
          this.retryInBackground();
          return;
        }
        waited += pause;
        await this.sleep(pause);
      }
    }
  }

  /**
   * Retries pending bumps every second until they are in (a store that came back, or takes writes
   * again), for at most the cache's TTL: by then every entry they would hide has expired. The
   * timer keeps no process alive.
   */
  private retryInBackground() {
    if (this.retrying) return;
    this.retrying = true;
    const wait = this.options.sleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref()));
    void (async () => {
      for (let second = 0; this.pendingBumps.size > 0 && second < this.options.ttlSeconds; second += 1) {
        await wait(1_000);
        await this.flushPendingBumps().catch(() => undefined);
      }
      this.retrying = false;
    })();
  }

  private async flushPendingBumps() {
    if (this.pendingBumps.size === 0) return;
    const scopes = [...this.pendingBumps];
    await this.options.store.bumpVersions(
      scopes.map((scope) => GENERATION_PREFIX + scope),
      this.options.ttlSeconds,
    );
    scopes.forEach((scope) => this.pendingBumps.delete(scope));
  }

  private async fill<T>(
    entryKey: string,
    generations: string,
    versionedKey: string,
    compute: () => Promise<Computed<T>>,
  ): Promise<Computed<T>> {
    const { store, ttlSeconds, logger } = this.options;
    const lockKey = LOCK_PREFIX + versionedKey;
    const locked = await store.setIfAbsent(lockKey, '1', this.options.lockSeconds ?? 2).catch(() => true);
    if (!locked) {
      // Another replica computes this key: wait a little for its answer rather than doing it twice.
      for (let poll = 0; poll < (this.options.lockPolls ?? 10); poll += 1) {
        await this.sleep(this.options.lockPollMs ?? 20);
        const answer = entryUnder(await store.get(entryKey).catch(() => null), generations);
        if (answer) return { answer, own: undefined as T };
      }
    }
    try {
      const computed = await compute();
      if (computed.answer) {
        const answer = computed.answer;
        await store.set(entryKey, serialize(generations, answer), ttlSeconds).then(
          () => this.keep(entryKey, generations, answer),
          (error: unknown) => logger.warn({ err: error }, 'response cache entry not stored'),
        );
      }
      return computed;
    } finally {
      if (locked) await store.del(lockKey).catch(() => undefined);
    }
  }

  /**
   * The current generations of some scopes, read once for every request of this event-loop turn
   * that asks for the same scopes (the hits of one page arriving together): the read is issued
   * when the turn ends, after every request that shares it arrived, so each sees every write
   * that answered before it came. ioredis would send the commands of the turn together then
   * anyway; one read instead of one per request saves each its command and reply.
   */
  private currentGenerations(generationKeys: readonly string[]): Promise<string | null> {
    const id = generationKeys.join('\n');
    let read = this.turnReads.get(id);
    if (read === undefined) {
      if (this.turnReads.size === 0) setImmediate(this.readTurn);
      let settle!: Pick<TurnRead, 'resolve' | 'reject'>;
      const promise = new Promise<string | null>((resolve, reject) => {
        settle = { resolve, reject };
      });
      read = { keys: generationKeys, promise, ...settle };
      this.turnReads.set(id, read);
    }
    return read.promise;
  }

  /** Issues the turn's generation reads (see currentGenerations). */
  private readonly readTurn = () => {
    const reads = [...this.turnReads.values()];
    this.turnReads.clear();
    for (const read of reads) {
      this.options.store.readGenerations(read.keys).then(read.resolve, read.reject);
    }
  };

  /** Keeps an answer in memory (oldest out first, within the entry and size bounds). */
  private keep(entryKey: string, generations: string, answer: CachedAnswer) {
    const characters = answer.payload.length;
    const maxCharacters = this.options.localCharacters ?? LOCAL_CHARACTERS;
    if (characters > maxCharacters) return;
    this.forget(entryKey);
    const maxEntries = this.options.localEntries ?? LOCAL_ENTRIES;
    for (const oldest of this.local.keys()) {
      if (this.local.size < maxEntries && this.localCharacters + characters <= maxCharacters) break;
      this.forget(oldest);
    }
    this.local.set(entryKey, { generations, answer, expiresAt: this.now() + this.options.ttlSeconds * 1000 });
    this.localCharacters += characters;
  }

  private forget(entryKey: string) {
    const local = this.local.get(entryKey);
    if (local === undefined) return;
    this.local.delete(entryKey);
    this.localCharacters -= local.answer.payload.length;
  }

  /** How many answers this replica holds in memory (tests). */
  get localSize(): number {
    return this.local.size;
  }

  /**
   * Calls `listener` once per request the cache considered, with what happened (HIT, MISS, or
   * BYPASS when the store failed): the hook for metrics such as response_cache_requests_total.
   */
  onResult(listener: (result: CacheResult) => void): void {
    this.listeners.push(listener);
  }

  private report(result: CacheResult) {
    for (const listener of this.listeners) listener(result);
  }
}
