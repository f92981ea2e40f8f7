import pino from 'pino';
import type { SharedStore } from '../../src/platform/shared-store/shared-store';
import { InProcessStore } from '../../src/platform/shared-store/in-process-store';
import { RedisStore } from '../../src/platform/shared-store/redis-store';
import { CLOSED_PORT, testEnv } from '../support/env';

const logger = pino({ level: 'silent' });
const implementations: [string, () => Promise<SharedStore>][] = [['in-process', async () => new InProcessStore()]];
if (!testEnv.embedded) {
  implementations.push([
    'Redis',
    async () => {
      const cache = new RedisStore({ url: testEnv.redisUrl!, keyPrefix: `inkwell:test:cache:${Date.now()}:`, logger });
      await cache.connect();
      return cache;
    },
  ]);
}

describe.each(implementations)('the %s cache', (_name, make) => {
  let cache: SharedStore;
  beforeEach(async () => {
    cache = await make();
  });
  afterEach(() => cache.close());

  it('reads a value with the generations of its scopes: a bump, or a lost generation, moves them on for good', async () => {
    const first = await cache.readWithGenerations('entry', ['gen:a', 'gen:b']);
    expect(first.value).toBeNull();
    expect(first.generations).toMatch(/^\d+\.\d+$/);
    await cache.set('entry', 'cached', 60);
    // The same generations while nothing is bumped, with the value, in one read.
    expect(await cache.readWithGenerations('entry', ['gen:a', 'gen:b'])).toEqual({
      value: 'cached',
      generations: first.generations,
    });
    // The generations alone, without the value: the same, and nothing is created.
    expect(await cache.readGenerations(['gen:a', 'gen:b'])).toBe(first.generations);
    expect(await cache.readGenerations(['gen:a', 'gen:never'])).toBeNull();
    expect(await cache.get('gen:never')).toBeNull();
    await cache.bumpVersions(['gen:b'], 60);
    const bumped = await cache.readWithGenerations('entry', ['gen:a', 'gen:b']);
    expect(bumped.value).toBe('cached');
    expect(bumped.generations).not.toBe(first.generations);
    expect(bumped.generations.split('.')[0]).toBe(first.generations.split('.')[0]);
    // Generations lost (Redis restarted empty, evicted): fresh ones, never an old one again, and
    // the value reads as null, whatever the key still holds.
    await cache.del('gen:a', 'gen:b');
    expect(await cache.readGenerations(['gen:a', 'gen:b'])).toBeNull();
    const lost = await cache.readWithGenerations('entry', ['gen:a', 'gen:b']);
    expect(lost.value).toBeNull();
    expect([first.generations, bumped.generations]).not.toContain(lost.generations);
    const [a, b] = lost.generations.split('.').map(BigInt);
    expect(a! > BigInt(bumped.generations.split('.')[0]!)).toBe(true);
    expect(b! > BigInt(bumped.generations.split('.')[1]!)).toBe(true);
    expect(await cache.readWithGenerations('entry', ['gen:a', 'gen:b'])).toEqual({
      value: 'cached',
      generations: lost.generations,
    });
    expect(await cache.setIfAbsent('lock', '1', 60)).toBe(true);
    expect(await cache.setIfAbsent('lock', '1', 60)).toBe(false);
  });

  it('expires values by TTL', async () => {
    await cache.set('k', 'v', 0.2);
    expect(await cache.get('k')).toBe('v');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await cache.get('k')).toBeNull();
  });

  it('increments atomically under concurrency', async () => {
    const values = await Promise.all(Array.from({ length: 50 }, () => cache.increment('counter', 10)));
    expect(new Set(values).size).toBe(50);
    expect(Math.max(...values)).toBe(50);
  });

  it('records sliding-window hits so concurrent callers each see the others', async () => {
    const now = Date.now();
    const seen = await Promise.all(Array.from({ length: 10 }, () => cache.recordHit('hits', now, 60_000)));
    expect(seen.map((prior) => prior.length).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(await cache.recordHit('hits', now + 61_000, 60_000)).toEqual([]);
  });

  it('never moves a monotonic value backwards', async () => {
    await cache.setMonotonic('tv', 2, 'author', 10);
    await cache.setMonotonic('tv', 1, 'author', 10);
    expect(await cache.get('tv')).toBe('2:author');
    await cache.setMonotonic('tv', 3, 'admin', 10);
    expect(await cache.get('tv')).toBe('3:admin');
  });

  it('sets several keys with their own TTLs at once', async () => {
    await cache.setMany([
      { key: 'a', value: '1', ttlSeconds: 10 },
      { key: 'b', value: '2', ttlSeconds: 0.1 },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await cache.mget(['a', 'b'])).toEqual(['1', null]);
  });
});

describe('a Redis that is down', () => {
  it('fails each call quickly with SERVICE_UNAVAILABLE instead of queueing', async () => {
    const cache = new RedisStore({ url: `redis://127.0.0.1:${CLOSED_PORT}`, keyPrefix: 'x:', logger });
    await cache.connect(300);
    const started = Date.now();
    await expect(cache.get('k')).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE', status: 503 });
    await expect(cache.recordHit('k', Date.now(), 1000)).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect(Date.now() - started).toBeLessThan(2_000);
    await cache.close();
  });
});
