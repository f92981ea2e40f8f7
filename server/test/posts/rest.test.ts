import { randomUUID } from 'node:crypto';
import { toGlobalId } from '../../src/platform/ids/global-id';
import { CLOSED_PORT, testEnv } from '../support/env';
import { TcpProxy, viaProxy } from '../support/tcp-proxy';
import { gql } from '../support/auth';
import { startTestApp, type TestApp } from '../support/test-app';
import { insertPosts, signUpAuthor, startPostsApp, type Author } from './posts-support';

const withServices = testEnv.embedded ? it.skip : it;
const future = (...offsets: number[]) => offsets.map((ms) => new Date(Date.UTC(2400, 0, 1) + ms));

describe('REST GET /api/v1/posts/', () => {
  let t: TestApp;
  let author: Author;
  beforeAll(async () => {
    t = await startPostsApp();
    author = await signUpAuthor(t);
  });
  afterAll(async () => {
    await t.db('posts').where({ author_id: author.key }).del();
    await t.close();
  });

  it('answers the envelope with snake_case posts, next_cursor and has_next, then the next page', async () => {
    const seeded = await insertPosts(t, author.key, future(1, 2, 3));
    const one = await t.http().get('/api/v1/posts/?limit=2').set('X-Request-ID', 'rest-posts');
    expect(one.status).toBe(200);
    expect(one.body).toEqual({
      data: [expect.any(Object), expect.any(Object)],
      meta: { request_id: 'rest-posts', next_cursor: expect.any(String), has_next: true },
      error: null,
    });
    expect(one.body.data[0]).toEqual({
      id: seeded[0]!.id,
      title: expect.any(String),
      slug: expect.any(String),
      excerpt: 'seeded',
      status: 'published',
      author: { id: author.userId, display_name: 'Test User' },
      published_at: seeded[0]!.at.toISOString(),
      created_at: seeded[0]!.at.toISOString(),
      updated_at: expect.any(String),
    });
    expect(one.body.data.map((p: { id: string }) => p.id)).toEqual([seeded[0]!.id, seeded[1]!.id]);

    const two = await t.http().get('/api/v1/posts/').query({ limit: 1, cursor: one.body.meta.next_cursor });
    expect(two.body.data.map((p: { id: string }) => p.id)).toEqual([seeded[2]!.id]);
  });

  it('reads a page and its authors in one statement', async () => {
    await insertPosts(t, author.key, future(20, 21));
    const statements: string[] = [];
    const count = (query: { sql: string }) => statements.push(query.sql);
    t.db.on('query', count);
    try {
      // A page size no other test asks for: computed here, not answered from the cache.
      const res = await t.http().get('/api/v1/posts/?limit=17');
      expect(res.status).toBe(200);
      expect(res.headers['x-cache']).not.toBe('HIT');
      expect(res.body.data[0].author).toEqual({ id: author.userId, display_name: 'Test User' });
    } finally {
      t.db.off('query', count);
    }
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatch(/from "posts" inner join "users"/);
  });

  it('uses the same cursors as GraphQL Query.posts', async () => {
    await insertPosts(t, author.key, future(10, 11));
    const graph = await gql<{ posts: { pageInfo: { endCursor: string } } }>(
      t,
      '{ posts(first: 1) { pageInfo { endCursor } } }',
    );
    const rest = await t.http().get('/api/v1/posts/?limit=1');
    expect(rest.body.meta.next_cursor).toBe(graph.data!.posts.pageInfo.endCursor);
  });

  it('answers has_next false and a null cursor past the end', async () => {
    const res = await t.http().get('/api/v1/posts/?limit=100');
    let page = res.body;
    while (page.meta.has_next) {
      page = (await t.http().get('/api/v1/posts/').query({ limit: 100, cursor: page.meta.next_cursor })).body;
    }
    expect(page.meta.has_next).toBe(false);
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=abc', 'limit'],
    ['limit=-1', 'limit'],
    ['limit=1.5', 'limit'],
    ['limit=1&limit=2', 'limit'],
    ['cursor=not-a-cursor', 'cursor'],
    ['cursor=VXNlcjox', 'cursor'],
    ['cursor=a&cursor=b', 'cursor'],
  ])('refuses ?%s with 400 BAD_USER_INPUT', async (query, field) => {
    const res = await t.http().get(`/api/v1/posts/?${query}`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      data: null,
      error: { code: 'BAD_USER_INPUT', details: { [field]: expect.any(Array) } },
    });
  });

  it('serves one published post by slug with its body, 404 otherwise', async () => {
    const [seeded] = await insertPosts(t, author.key, future(20));
    const row = await t.db('posts').where({ id: seeded!.key }).first();
    const res = await t.http().get(`/api/v1/posts/${row.slug}/`);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ id: seeded!.id, body: 'seeded' });
    expect((await t.http().get('/api/v1/posts/no-such-post/')).status).toBe(404);
  });
});

describe('posts when a dependency is down', () => {
  it('answer 503 SERVICE_UNAVAILABLE on REST and GraphQL when PostgreSQL is unreachable', async () => {
    const t = await startTestApp({ databaseUrl: `postgres://postgres@127.0.0.1:${CLOSED_PORT}/postgres` });
    try {
      const rest = await t.http().get('/api/v1/posts/');
      expect(rest.status).toBe(503);
      expect(rest.body.error.code).toBe('SERVICE_UNAVAILABLE');
      expect(rest.headers['retry-after']).toBe('5');
      for (const query of [
        '{ posts { edges { cursor } } }',
        '{ post(slug: "x") { id } }',
        `{ node(id: "${toGlobalId('Post', randomUUID())}") { id } }`,
      ]) {
        const res = await gql(t, query);
        expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', status: 503 });
        expect(JSON.stringify(res.errors)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
      }
    } finally {
      await t.close();
    }
  });

  withServices('recover once PostgreSQL is back, and a feed without Redis still works', async () => {
    const pgUrl = new URL(testEnv.databaseUrl!);
    const proxy = new TcpProxy(pgUrl.hostname, Number(pgUrl.port || 5432));
    await proxy.start();
    const t = await startTestApp({
      databaseUrl: viaProxy(testEnv.databaseUrl!, proxy),
      redisUrl: `redis://127.0.0.1:${CLOSED_PORT}`,
    });
    try {
      expect((await t.http().get('/api/v1/posts/?limit=1')).status).toBe(200);
      expect((await gql(t, '{ posts(first: 1) { edges { node { author { id } } } } }')).errors).toBeUndefined();
      await proxy.stop();
      expect((await t.http().get('/api/v1/posts/?limit=1')).status).toBe(503);
      await proxy.start();
      const deadline = Date.now() + 8_000;
      let status = 0;
      while (Date.now() < deadline && status !== 200) {
        status = (await t.http().get('/api/v1/posts/?limit=1')).status;
        if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(status).toBe(200);
    } finally {
      await t.close();
      await proxy.stop();
    }
  });
});
