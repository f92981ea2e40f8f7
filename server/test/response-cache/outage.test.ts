import type { Agent } from 'supertest';
import type { RedisStore } from '../../src/platform/shared-store/redis-store';
import { createPost, signUpAuthor, startPostsApp } from '../posts/posts-support';
import { testEnv } from '../support/env';
import { TcpProxy, viaProxy } from '../support/tcp-proxy';
import type { TestApp } from '../support/test-app';

const withServices = testEnv.embedded ? describe.skip : describe;

// One author's public list (a `posts` connection like the feed): other test files share the
// database, so the top of the global feed is not this file's.
const LIST =
  'query List($id: ID!, $first: Int) { node(id: $id) { ... on User { posts(first: $first) { edges { node { id title } } } } } }';

const feed = (http: Agent, id: string, first = 5) =>
  http.post('/api/v1/graphql').set('Content-Type', 'application/json').send({ query: LIST, variables: { id, first } });

const titles = (res: { body: { data: { node: { posts: { edges: { node: { title: string } }[] } } | null } } }) =>
  res.body.data.node?.posts.edges.map((edge) => edge.node.title) ?? [];

withServices('the response cache when Redis is down or comes back empty', () => {
  let proxy: TcpProxy;
  let t: TestApp;

  beforeAll(async () => {
    const redisUrl = new URL(testEnv.redisUrl!);
    proxy = new TcpProxy(redisUrl.hostname, Number(redisUrl.port || 6379));
    await proxy.start();
    t = await startPostsApp({ redisUrl: viaProxy(testEnv.redisUrl!, proxy) });
  });

  afterAll(async () => {
    await t.close();
    await proxy.stop();
  });

  it('answers public reads uncached from PostgreSQL (BYPASS, never a 503), and catches up when Redis is back', async () => {
    const author = await signUpAuthor(t);
    const first = await createPost(t, author, { status: 'PUBLISHED' });
    await feed(t.http(), author.userId);
    expect((await feed(t.http(), author.userId)).headers['x-cache']).toBe('HIT');

    await proxy.stop();
    const started = Date.now();
    const down = await feed(t.http(), author.userId);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(down.status).toBe(200);
    expect(down.headers['x-cache']).toBe('BYPASS');
    expect(titles(down)).toContain(first.title);
    const rest = await t.http().get('/api/v1/posts/?limit=5');
    expect([rest.status, rest.headers['x-cache']]).toEqual([200, 'BYPASS']);

    // A write whose invalidation cannot reach Redis (it died after the commit): the replica
    // bumps again before it reads the cache once more, so the old page is never served.
    const second = await t.app.services.posts.create(
      { userId: author.key, sessionId: author.sessionId, role: 'author' },
      { title: 'Written while the cache was down', body: 'x', status: 'published' },
    );
    await proxy.start();
    let back = await feed(t.http(), author.userId);
    for (let tries = 0; back.headers['x-cache'] === 'BYPASS' && tries < 50; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      back = await feed(t.http(), author.userId);
    }
    expect(back.headers['x-cache']).toBe('MISS');
    expect(titles(back)).toContain(second.title);
  });

  it('starts over when Redis comes back empty: a miss, then hits, never a stale page', async () => {
    const author = await signUpAuthor(t);
    await feed(t.http(), author.userId, 9);
    expect((await feed(t.http(), author.userId, 9)).headers['x-cache']).toBe('HIT');
    // Redis lost everything of this app (as after a restart without persistence).
    const redis = t.store as RedisStore;
    const prefix = t.config.redisKeyPrefix;
    const keys = await redis.client.keys(`${prefix}*`);
    await redis.client.del(...keys.map((key) => key.slice(prefix.length)));
    const created = await createPost(t, author, { status: 'PUBLISHED' });
    const after = await feed(t.http(), author.userId, 9);
    expect(after.headers['x-cache']).toBe('MISS');
    expect(titles(after)).toContain(created.title);
    expect((await feed(t.http(), author.userId, 9)).headers['x-cache']).toBe('HIT');
  });
});
