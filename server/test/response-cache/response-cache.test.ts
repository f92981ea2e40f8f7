import net from 'node:net';
import { createHash } from 'node:crypto';
import type { Agent } from 'supertest';
import { gql } from '../support/auth';
import { startReplica, type Replica, type TestApp } from '../support/test-app';
import { createPost, signUpAuthor, startPostsApp, type Author, type PostView } from '../posts/posts-support';

const FEED =
  'query Feed($first: Int, $after: String) { posts(first: $first, after: $after) { edges { node { id title slug excerpt author { displayName } } } } }';
const POST = 'query PostPage($slug: String!) { post(slug: $slug) { id title body author { displayName } } }';
const AUTHOR_PAGE =
  'query AuthorPage($id: ID!) { node(id: $id) { id ... on User { displayName posts(first: 5) { edges { node { title } } } } } }';

type Http = { http(): Agent };

async function post(
  target: Http,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
  operationName?: string,
) {
  let req = target.http().post('/api/v1/graphql').set('Content-Type', 'application/json');
  for (const [name, value] of Object.entries(headers)) req = req.set(name, value);
  return req.send(operationName === undefined ? { query, variables } : { query, variables, operationName });
}

/** One author's public list: other test files share the database, so the global feed's top is not ours. */
const AUTHOR_POSTS =
  'query AuthorPosts($id: ID!) { node(id: $id) { ... on User { posts(first: 50) { edges { node { title } } } } } }';

type Edges = { edges: { node: { title: string } }[] };
const titles = (res: { body: { data: { posts?: Edges; node?: { posts: Edges } | null } } }) =>
  (res.body.data.posts ?? res.body.data.node?.posts)?.edges.map((edge) => edge.node.title) ?? [];

let t: TestApp;
let replica: Replica;
let author: Author;

beforeAll(async () => {
  t = await startPostsApp();
  replica = await startReplica(t);
  author = await signUpAuthor(t);
});

afterAll(async () => {
  await replica.close();
  await t.close();
});

/** A write on the primary, then the same read on the replica: the first read fills, the second must be fresh. */
async function expectFreshOnReplica(
  read: () => Promise<{ body: unknown; headers: Record<string, string> }>,
  write: () => Promise<unknown>,
) {
  await read();
  const cached = await read();
  expect(cached.headers['x-cache']).toBe('HIT');
  await write();
  const after = await read();
  expect(after.headers['x-cache']).toBe('MISS');
  return { before: cached.body, after: after.body };
}

describe('the shared response cache', () => {
  it('answers a repeated anonymous feed from the cache: MISS then HIT, same body, no SQL on the hit', async () => {
    await createPost(t, author, { status: 'PUBLISHED' });
    const first = await post(t, FEED, { first: 3 });
    expect(first.headers['x-cache']).toBe('MISS');
    const queries: string[] = [];
    const listener = (query: { sql: string }) => queries.push(query.sql);
    t.db.on('query', listener);
    const second = await post(t, FEED, { first: 3 });
    t.db.off('query', listener);
    expect(second.headers['x-cache']).toBe('HIT');
    expect(second.body.data).toEqual(first.body.data);
    expect(second.body.extensions.meta.requestId).toBe(second.headers['x-request-id']);
    expect(queries).toEqual([]);
  });

  it('canonicalises variables: the same variables in another order hit the same entry', async () => {
    const a = await post(t, FEED, { first: 2, after: null });
    const b = await post(t, FEED, { after: null, first: 2 });
    expect([a.headers['x-cache'], b.headers['x-cache']]).toEqual(['MISS', 'HIT']);
  });

  it('cannot be poisoned or multiplied through headers or undeclared variables', async () => {
    const a = await post(t, FEED, { first: 4 }, { 'X-Forwarded-Host': 'evil.example', 'Accept-Language': 'xx' });
    const b = await post(t, FEED, { first: 4, junk: 'x'.repeat(50) }, { 'X-Anything': '1' });
    expect([a.headers['x-cache'], b.headers['x-cache']]).toEqual(['MISS', 'HIT']);
    expect(b.body.data).toEqual(a.body.data);
  });

  it('is the same entry for a persisted id over GET and the query text over POST', async () => {
    const text = 'query FeedById($first: Int) { posts(first: $first) { edges { node { id title } } } }';
    const viaPost = await post(t, text, { first: 5 });
    expect(viaPost.headers['x-cache']).toBe('MISS');
    const viaGet = await t
      .http()
      .get('/api/v1/graphql')
      .query({ query: text, variables: JSON.stringify({ first: 5 }) })
      .set('apollo-require-preflight', 'true');
    expect(viaGet.status).toBe(200);
    expect(viaGet.headers['x-cache']).toBe('HIT');
    expect(viaGet.body.data).toEqual(viaPost.body.data);
    expect(createHash('sha256').update(text).digest('hex')).toHaveLength(64);
  });

  it('never serves or stores an authenticated request (Bearer or refresh cookie)', async () => {
    await post(t, FEED, { first: 6 });
    const bearer = await post(t, FEED, { first: 6 }, { Authorization: `Bearer ${author.access}` });
    expect(bearer.headers['x-cache']).toBe('BYPASS');
    expect(bearer.headers['cache-control']).toBe('private, no-store');
    const cookie = await post(t, FEED, { first: 6 }, { Cookie: `inkwell_refresh=${author.refresh}` });
    expect(cookie.headers['x-cache']).toBe('BYPASS');
    const garbage = await post(t, FEED, { first: 6 }, { Authorization: 'Bearer nonsense' });
    expect(garbage.headers['x-cache']).toBe('BYPASS');
  });

  it('never caches a viewer-dependent selection, a mutation or an error', async () => {
    const viewer = 'query WithViewer { viewer { user { id } } posts(first: 1) { edges { node { id } } } }';
    for (let i = 0; i < 2; i += 1) expect((await post(t, viewer)).headers['x-cache']).toBe('BYPASS');
    const bad = 'query Bad { posts(first: 1, after: "not-a-cursor") { edges { node { id } } } }';
    const errors = [await post(t, bad), await post(t, bad)];
    expect(errors.map((res) => res.headers['x-cache'])).toEqual(['MISS', 'MISS']);
    expect(errors[1]!.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const mutation = await post(t, 'mutation { logout(input: {}) { revokedSessions } }');
    expect(mutation.headers['x-cache']).toBe('BYPASS');
    // Refused before the cache is consulted: still says so.
    const unknownId = await t
      .http()
      .post('/api/v1/graphql')
      .send({ id: '0'.repeat(64) });
    expect([unknownId.status, unknownId.headers['x-cache']]).toEqual([400, 'BYPASS']);
    const badLimit = await t.http().get('/api/v1/posts/?limit=0');
    expect([badLimit.status, badLimit.headers['x-cache']]).toEqual([400, 'BYPASS']);
  });

  it('never shows a draft or a trashed post, and a soft delete removes a post from cached pages at once', async () => {
    const draft = await createPost(t, author, { status: 'DRAFT' });
    const live = await createPost(t, author, { status: 'PUBLISHED' });
    const read = () => post(replica, AUTHOR_POSTS, { id: author.userId });
    await post(replica, FEED, { first: 50 });
    expect((await post(replica, FEED, { first: 50 })).headers['x-cache']).toBe('HIT');
    await read();
    expect((await read()).headers['x-cache']).toBe('HIT');
    expect(titles(await read())).not.toContain(draft.title);
    expect(titles(await read())).toContain(live.title);
    await gql(
      t,
      'mutation ($id: ID!) { deletePost(input: {id: $id}) { deletedPostId } }',
      { id: live.id },
      { token: author.access },
    );
    const after = await read();
    expect(after.headers['x-cache']).toBe('MISS');
    expect(titles(after)).not.toContain(live.title);
    expect((await post(replica, FEED, { first: 50 })).headers['x-cache']).toBe('MISS');
    const bySlug = await post(replica, POST, { slug: live.slug });
    expect(bySlug.body.data.post).toBeNull();
  });
});

describe('every write invalidates on every replica (write on one, read on the other)', () => {
  const update = (p: PostView, input: Record<string, unknown>) =>
    gql(
      t,
      'mutation ($input: UpdatePostInput!) { updatePost(input: $input) { post { id } } }',
      { input: { id: p.id, ...input } },
      { token: author.access },
    );

  it('create (published)', async () => {
    let created: PostView | undefined;
    const { after } = await expectFreshOnReplica(
      () => post(replica, AUTHOR_POSTS, { id: author.userId }),
      async () => (created = await createPost(t, author, { status: 'PUBLISHED' })),
    );
    expect(titles({ body: after } as never)).toContain(created!.title);
  });

  it('update of a published post, in the feed and on its page', async () => {
    const p = await createPost(t, author, { status: 'PUBLISHED' });
    const { after } = await expectFreshOnReplica(
      () => post(replica, POST, { slug: p.slug }),
      () => update(p, { title: 'Renamed title' }),
    );
    expect((after as { data: { post: { title: string } } }).data.post.title).toBe('Renamed title');
    expect(titles(await post(replica, AUTHOR_POSTS, { id: author.userId }))).toContain('Renamed title');
  });

  it('publish and unpublish', async () => {
    const p = await createPost(t, author, { status: 'DRAFT' });
    const published = await expectFreshOnReplica(
      () => post(replica, AUTHOR_POSTS, { id: author.userId }),
      () => update(p, { status: 'PUBLISHED' }),
    );
    expect(titles({ body: published.after } as never)).toContain(p.title);
    const unpublished = await expectFreshOnReplica(
      () => post(replica, AUTHOR_POSTS, { id: author.userId }),
      () => update(p, { status: 'DRAFT' }),
    );
    expect(titles({ body: unpublished.after } as never)).not.toContain(p.title);
  });

  it('a post read through a variable left to its default is invalidated like any other', async () => {
    const p = await createPost(t, author, { status: 'PUBLISHED' });
    const byDefault = `query ByDefault($slug: String! = "${p.slug}") { post(slug: $slug) { title } }`;
    const { after } = await expectFreshOnReplica(
      () => post(replica, byDefault),
      () => update(p, { title: 'Retitled through a default' }),
    );
    expect((after as { data: { post: { title: string } } }).data.post.title).toBe('Retitled through a default');
  });

  it('delete and restore, by slug and through node', async () => {
    const p = await createPost(t, author, { status: 'PUBLISHED' });
    const node = () => post(replica, 'query N($id: ID!) { node(id: $id) { id ... on Post { title } } }', { id: p.id });
    const deleted = await expectFreshOnReplica(node, () =>
      gql(
        t,
        'mutation ($id: ID!) { deletePost(input: {id: $id}) { deletedPostId } }',
        { id: p.id },
        { token: author.access },
      ),
    );
    expect((deleted.after as { data: { node: unknown } }).data.node).toBeNull();
    const restored = await expectFreshOnReplica(
      () => post(replica, POST, { slug: p.slug }),
      () =>
        gql(
          t,
          'mutation ($id: ID!) { restorePost(input: {id: $id}) { post { id } } }',
          { id: p.id },
          { token: author.access },
        ),
    );
    expect((restored.after as { data: { post: { title: string } } }).data.post.title).toBe(p.title);
  });

  it("a user's display name, on the author page and on a post's page", async () => {
    const written = await createPost(t, author, { status: 'PUBLISHED' });
    const page = () => post(replica, POST, { slug: written.slug });
    await page();
    expect((await page()).headers['x-cache']).toBe('HIT');
    const { after } = await expectFreshOnReplica(
      () => post(replica, AUTHOR_PAGE, { id: author.userId }),
      () => t.app.services.users.changeDisplayName(author.key, 'Ada Renamed'),
    );
    expect((after as { data: { node: { displayName: string } } }).data.node.displayName).toBe('Ada Renamed');
    const renamed = await page();
    expect(renamed.headers['x-cache']).toBe('MISS');
    expect(renamed.body.data.post.author.displayName).toBe('Ada Renamed');
  });

  it('an account an operator deletes: its posts leave the cached pages at once', async () => {
    const leaving = await signUpAuthor(t);
    const written = await createPost(t, leaving, { status: 'PUBLISHED' });
    const page = () => post(replica, POST, { slug: written.slug });
    await page();
    expect((await page()).headers['x-cache']).toBe('HIT');
    const { before, after } = await expectFreshOnReplica(
      () => post(replica, AUTHOR_POSTS, { id: leaving.userId }),
      () => t.app.services.accounts.deleteUser(leaving.email),
    );
    expect(titles({ body: before } as never)).toContain(written.title);
    expect(titles({ body: after } as never)).not.toContain(written.title);
    expect((await page()).headers['x-cache']).toBe('MISS');
  });

  it('REST GET /api/v1/posts/ is cached and invalidated too', async () => {
    const read = () => replica.http().get('/api/v1/posts/?limit=5');
    let created: PostView | undefined;
    const { after } = await expectFreshOnReplica(
      read,
      async () => (created = await createPost(t, author, { status: 'PUBLISHED' })),
    );
    const body = after as { data: { title: string }[]; meta: { request_id: string; has_next: boolean } };
    expect(body.data.map((p) => p.title)).toContain(created!.title);
    const hit = await read();
    expect(hit.headers['x-cache']).toBe('HIT');
    expect(hit.body.meta.request_id).toBe(hit.headers['x-request-id']);
    expect(hit.body.meta).toHaveProperty('has_next');
    expect(hit.body.error).toBeNull();
  });
});

describe('requests crafted against the cache', () => {
  /** A GraphQL GET with its query string as given (and a preflight header, as Apollo asks). */
  const getGraphql = (search: string, contentType?: string) => {
    let req = t.http().get(`/api/v1/graphql?${search}`).set('apollo-require-preflight', 'true');
    if (contentType) req = req.set('Content-Type', contentType);
    return req;
  };

  const deletePost = (id: string) =>
    gql(t, 'mutation ($id: ID!) { deletePost(input: {id: $id}) { deletedPostId } }', { id }, { token: author.access });

  it('reads variables named like what every object inherits as GraphQL does: left out, their default', async () => {
    for (const name of ['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__']) {
      const byId = await createPost(t, author, { status: 'PUBLISHED' });
      const bySlug = await createPost(t, author, { status: 'PUBLISHED' });
      const nodeQuery = `query N($${name}: ID = "${byId.id}") { node(id: $${name}) { id ... on Post { title } } }`;
      const slugQuery = `query S($${name}: String = "${bySlug.slug}") { post(slug: $${name}) { id title } }`;
      for (const query of [nodeQuery, slugQuery]) {
        await post(t, query);
        expect((await post(replica, query)).headers['x-cache']).toBe('HIT');
      }
      await deletePost(byId.id);
      await deletePost(bySlug.id);
      const [node, page] = [await post(replica, nodeQuery), await post(replica, slugQuery)];
      expect([name, node.headers['x-cache'], node.body.data.node]).toEqual([name, 'MISS', null]);
      expect([name, page.headers['x-cache'], page.body.data.post]).toEqual([name, 'MISS', null]);
    }
  });

  it('answers variables nested too deep to put in canonical form with BAD_USER_INPUT, not a 500', async () => {
    const depth = 8_000;
    const body = `{"query":"query Deep($s: String!) { post(slug: $s) { title } }","variables":{"s":${'['.repeat(depth)}${']'.repeat(depth)}}}`;
    const res = await t.http().post('/api/v1/graphql').set('Content-Type', 'application/json').send(body);
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('keeps no operation name, an empty one and names with line breaks apart', async () => {
    // A document of its own (a title no other test asks for), so its decision is made here.
    const query = `query Own${Date.now()} { posts(first: 1) { edges { node { id } } } }`;
    const empty = await post(t, query, {}, {}, '');
    expect(empty.status).toBe(400);
    const [first, second] = [await post(t, query), await post(t, query)];
    expect([first.headers['x-cache'], second.headers['x-cache']]).toEqual(['MISS', 'HIT']);
    // An empty name after the document is cached is still Apollo's 400, not the cached answer.
    expect((await post(t, query, {}, {}, '')).status).toBe(400);
    const [head, ...rest] = FEED.split(' ');
    const shifted = await post(t, rest.join(' '), { first: 2 }, {}, `Feed\n${head}`);
    expect(shifted.status).toBe(400);
    expect((await post(t, FEED, { first: 2 }, {}, 'Feed')).headers['x-cache']).not.toBe('BYPASS');
  });

  it('answers a GET that Apollo refuses as Apollo does, even when its operation is cached', async () => {
    const query = `query OwnGet${Date.now()} { posts(first: 1) { edges { node { id } } } }`;
    const q = `query=${encodeURIComponent(query)}`;
    await getGraphql(q);
    expect((await getGraphql(q)).headers['x-cache']).toBe('HIT');
    expect((await getGraphql(q, 'application/json; charset=utf-8')).headers['x-cache']).toBe('HIT');
    const refused: [string, string | undefined, number][] = [
      [`${q}&query=${encodeURIComponent('{ viewer { id } }')}`, undefined, 400],
      [`${q}&operationName=A&operationName=B`, undefined, 400],
      [`${q}&variables=%7B%7D&variables=%7B%7D`, undefined, 400],
      [`${q}&variables=null`, undefined, 400],
      [`${q}&variables=`, undefined, 400],
      [`${q}&variables=%5B1%5D`, undefined, 400],
      [q, 'text/html', 415],
      [q, 'application/xml', 415],
    ];
    for (const [search, contentType, status] of refused) {
      const res = await getGraphql(search, contentType);
      expect([search, contentType, res.status, res.headers['x-cache']]).toEqual([
        search,
        contentType,
        status,
        'BYPASS',
      ]);
    }
  });

  it('reads a GET target as Apollo does: a raw # cannot hide a parameter from the cache', async () => {
    const [first, second] = [
      await createPost(t, author, { status: 'PUBLISHED' }),
      await createPost(t, author, { status: 'PUBLISHED' }),
    ];
    const query = `query Hash${Date.now()}($s: String = "${first.slug}") { post(slug: $s) { title } }`;
    const variables = encodeURIComponent(JSON.stringify({ s: second.slug }));
    // Sent raw: HTTP clients strip a fragment before sending, a crafted request need not.
    const target = `/api/v1/graphql?query=${encodeURIComponent(query)}#&variables=${variables}`;
    const { port } = new URL(t.url);
    await new Promise<void>((resolve, reject) => {
      const socket = net.connect(Number(port), '127.0.0.1', () =>
        socket.end(`GET ${target} HTTP/1.1\r\nHost: x\r\nApollo-Require-Preflight: 1\r\nConnection: close\r\n\r\n`),
      );
      socket.on('data', () => undefined);
      socket.on('close', () => resolve());
      socket.on('error', reject);
    });
    for (let i = 0; i < 2; i += 1) {
      const res = await t.http().get('/api/v1/graphql').query({ query }).set('apollo-require-preflight', 'true');
      expect(res.body.data.post.title).toBe(first.title);
    }
  });

  it('takes only HTTP whitespace around a GET Content-Type, as Apollo does', async () => {
    const query = `query Nbsp${Date.now()} { posts(first: 1) { edges { node { id } } } }`;
    const get = (contentType?: string) => getGraphql(`query=${encodeURIComponent(query)}`, contentType);
    await get();
    expect((await get()).headers['x-cache']).toBe('HIT');
    const res = await get('application/json\u00a0');
    expect([res.status, res.headers['x-cache']]).toEqual([415, 'BYPASS']);
  });

  it('caches an answer that depends on no write ({ __typename }) without asking Redis for nothing', async () => {
    const results = [];
    for (let i = 0; i < 3; i += 1) results.push((await post(t, '{ __typename }')).headers['x-cache']);
    expect(results).toEqual(['MISS', 'HIT', 'HIT']);
  });
});

describe('a hit on the wire', () => {
  /** The body with its request id replaced, so a MISS and a HIT of one answer compare whole. */
  const withoutId = (res: { text: string; headers: Record<string, string> }) =>
    res.text.split(JSON.stringify(res.headers['x-request-id'])).join('"<id>"');

  it('is the bytes of the miss with its own request id, and Content-Length counts UTF-8 bytes', async () => {
    const created = await createPost(t, author, { status: 'PUBLISHED', title: 'Zoë — 東京 🚀 "quoted" \\ tab\t' });
    const reads = {
      graphql: () =>
        t
          .http()
          .post('/api/v1/graphql')
          .set('Content-Type', 'application/json')
          .set('X-Request-ID', `wire-${Math.random()}`)
          .send({ query: POST, variables: { slug: created.slug } }),
      rest: () =>
        t
          .http()
          .get(`/api/v1/posts/${encodeURIComponent(created.slug)}/`)
          .set('X-Request-ID', `wire-${Math.random()}`),
    };
    for (const [door, read] of Object.entries(reads)) {
      const miss = await read();
      const hit = await read();
      expect([door, miss.headers['x-cache'], hit.headers['x-cache']]).toEqual([door, 'MISS', 'HIT']);
      expect(hit.text).toContain('Zoë — 東京 🚀');
      expect(withoutId(hit)).toBe(withoutId(miss));
      expect(Number(hit.headers['content-length'])).toBe(Buffer.byteLength(hit.text));
      expect(hit.headers['content-type']).toBe(miss.headers['content-type']);
    }
  });

  it('answers HEAD with the headers of the hit and no body', async () => {
    const { slug } = await createPost(t, author, { status: 'PUBLISHED' });
    const path = `/api/v1/posts/${encodeURIComponent(slug)}/`;
    await t.http().get(path);
    const hit = await t.http().get(path);
    const head = await t.http().head(path);
    expect([hit.headers['x-cache'], head.headers['x-cache']]).toEqual(['HIT', 'HIT']);
    expect(head.status).toBe(200);
    expect(head.text ?? '').toBe('');
    // The same length as the GET, give or take the two requests' ids.
    const idLength = (res: { headers: Record<string, string> }) => res.headers['x-request-id']!.length;
    expect(Number(head.headers['content-length']) - idLength(head)).toBe(
      Number(hit.headers['content-length']) - idLength(hit),
    );
  });
});

describe('HTTP caching', () => {
  it('answers public reads with Cache-Control public, a strong ETag, and 304 on If-None-Match', async () => {
    const first = await post(t, FEED, { first: 7 });
    expect(first.headers['cache-control']).toMatch(/^public, max-age=0, s-maxage=\d+, stale-while-revalidate=\d+$/);
    expect(first.headers.etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    const again = await t
      .http()
      .get('/api/v1/graphql')
      .query({ query: FEED, variables: JSON.stringify({ first: 7 }) })
      .set('apollo-require-preflight', 'true')
      .set('If-None-Match', first.headers.etag!);
    expect(again.status).toBe(304);
    expect(again.headers.etag).toBe(first.headers.etag);
  });

  it('varies by Accept: each media type of a cached answer has its own ETag, and shared caches are told', async () => {
    const get = (accept: string, ifNoneMatch?: string) => {
      const request = t
        .http()
        .get('/api/v1/graphql')
        .query({ query: FEED, variables: JSON.stringify({ first: 6 }) })
        .set('apollo-require-preflight', 'true')
        .set('Accept', accept);
      return ifNoneMatch ? request.set('If-None-Match', ifNoneMatch) : request;
    };
    const json = await get('application/json');
    const graphql = await get('application/graphql-response+json');
    expect([json.status, graphql.status]).toEqual([200, 200]);
    expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(graphql.headers['content-type']).toBe('application/graphql-response+json; charset=utf-8');
    for (const res of [json, graphql]) expect(res.headers.vary).toMatch(/\bAccept\b/);
    expect(json.body.data).toEqual(JSON.parse(graphql.text).data);
    expect(graphql.headers.etag).not.toBe(json.headers.etag);
    expect((await get('application/graphql-response+json', graphql.headers.etag)).status).toBe(304);
    // The other representation's validator does not answer for this one.
    expect((await get('application/graphql-response+json', json.headers.etag)).status).toBe(200);
    expect((await get('application/json', graphql.headers.etag)).status).toBe(200);
  });

  it('refuses a mutation over GET with 405, and a GET without a preflight header (CSRF)', async () => {
    const mutation = await t
      .http()
      .get('/api/v1/graphql')
      .query({ query: 'mutation { logout(input: {}) { revokedSessions } }' })
      .set('apollo-require-preflight', 'true');
    expect(mutation.status).toBe(405);
    const csrf = await t.http().get('/api/v1/graphql').query({ query: FEED, variables: '{"first":7}' });
    expect(csrf.status).toBe(400);
    expect(csrf.headers['x-cache']).toBe('BYPASS');
  });
});

describe('single flight', () => {
  it('N concurrent misses of one key run the operation once', async () => {
    await createPost(t, author, { status: 'PUBLISHED' });
    const feedQueries: string[] = [];
    const listener = (query: { sql: string }) => {
      if (/from "posts"/.test(query.sql)) feedQueries.push(query.sql);
    };
    t.db.on('query', listener);
    const answers = await Promise.all(Array.from({ length: 8 }, () => post(t, FEED, { first: 11 })));
    t.db.off('query', listener);
    expect(answers.map((res) => res.status)).toEqual(Array(8).fill(200));
    expect(new Set(answers.map((res) => JSON.stringify(res.body.data))).size).toBe(1);
    expect(feedQueries).toHaveLength(1);
  });
});
