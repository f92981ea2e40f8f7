import { createHash } from 'node:crypto';
import { ApqCache, APQ_MAX_QUERY_BYTES } from '../../src/platform/graphql/apq-cache';
import { InProcessStore } from '../../src/platform/shared-store/in-process-store';
import { type RedisStore } from '../../src/platform/shared-store/redis-store';
import { createLogger } from '../../src/platform/observability/logger';
import { testEnv } from '../support/env';
import { LogCapture } from '../support/log-capture';
import { TcpProxy, viaProxy } from '../support/tcp-proxy';
import { startReplica, startTestApp, type Replica, type TestApp } from '../support/test-app';

const withServices = testEnv.embedded ? it.skip : it;

/** A query of its own per test, so one test's registration never serves another. */
const queryNamed = (name: string) => `query ${name} { posts(first: 1) { edges { node { id } } } }`;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const persisted = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });

/** Apollo's APQ protocol as a client speaks it: the hash alone, or the hash with the query to register it. */
const apq = (server: TestApp | Replica, hash: string, query?: string) =>
  server
    .http()
    .post('/api/v1/graphql')
    .set('Content-Type', 'application/json')
    .send({ ...(query && { query }), extensions: persisted(hash) });

describe("Apollo's automatic persisted queries, shared by replicas", () => {
  let t: TestApp;
  let replica: Replica;

  beforeAll(async () => {
    t = await startTestApp();
    replica = await startReplica(t);
  });
  afterAll(async () => {
    await replica.close();
    await t.close();
  });

  it('a hash registered through one replica is found by another', async () => {
    // An answer no other test file changes meanwhile (the feed's first post can).
    const query = 'query AcrossReplicas { __typename }';
    const hash = sha256(query);
    expect((await apq(replica, hash)).body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');

    const registered = await apq(t, hash, query);
    const hit = await apq(replica, hash);

    expect(registered.status).toBe(200);
    expect(hit.status).toBe(200);
    expect(hit.body.errors).toBeUndefined();
    expect(hit.body.data).toEqual({ __typename: 'Query' });
    expect(registered.body.data).toEqual({ __typename: 'Query' });
  });

  withServices('a registration expires (APQ_TTL) and the store loses nothing else when it is emptied', async () => {
    const query = queryNamed('Expiring');
    const hash = sha256(query);
    await apq(t, hash, query);

    const redis = (t.store as RedisStore).client;
    const ttl = await redis.ttl(`apq:${hash}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(t.config.graphql.apqTtlSeconds);

    // Redis comes back empty: the hash misses, and the client's usual retry registers it again.
    await redis.del(`apq:${hash}`);
    expect((await apq(replica, hash)).body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect((await apq(replica, hash, query)).status).toBe(200);
    expect((await apq(t, hash)).body.errors).toBeUndefined();
  });

  it('a registration whose text does not hash to the id is refused', async () => {
    const res = await apq(t, sha256('something else'), queryNamed('Mismatch'));

    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  withServices('with Redis down, a hash is a miss (never a 500) and full queries still run', async () => {
    const redisUrl = new URL(testEnv.redisUrl!);
    const proxy = new TcpProxy(redisUrl.hostname, Number(redisUrl.port || 6379));
    await proxy.start();
    const down = await startTestApp({ redisUrl: viaProxy(testEnv.redisUrl!, proxy) });
    try {
      const query = queryNamed('RedisDown');
      const hash = sha256(query);
      await apq(down, hash, query);
      await proxy.stop();

      const miss = await apq(down, hash);
      const full = await apq(down, hash, query);

      expect(miss.status).toBeLessThan(500);
      expect(miss.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
      expect(full.status).toBe(200);
      expect(full.body.data.posts).toBeDefined();
    } finally {
      await proxy.start();
      await down.close();
      await proxy.stop();
    }
  });

  it('keeps neither oversized queries nor keys that are not SHA-256 hashes', async () => {
    const cache = new InProcessStore();
    const store = new ApqCache(cache, 60, createLogger('silent', new LogCapture()));
    const big = `query Big { ${'__typename '.repeat(APQ_MAX_QUERY_BYTES / 10)} }`;

    // Keys as Apollo passes them: `apq:` and the client's hash.
    const small = 'query { __typename }';
    await store.set(`apq:${sha256(big)}`, big);
    await store.set('apq:not-a-hash', small);
    await store.set(`apq:${sha256(small)}`, small);

    expect(await store.get(`apq:${sha256(big)}`)).toBeUndefined();
    expect(await store.get('apq:not-a-hash')).toBeUndefined();
    expect(await cache.get('apq:not-a-hash')).toBeNull();
    expect(await store.get(`apq:${sha256(small)}`)).toBe(small);
  });
});
