import { gql } from '../support/auth';
import { testEnv } from '../support/env';
import { startTestApp, type TestApp } from '../support/test-app';

const FEED_PAGE = `
  query FeedQuery($count: Int!, $cursor: String) {
    posts(first: $count, after: $cursor) {
      edges { cursor node { id ...PostCard_post } }
      pageInfo { hasNextPage endCursor }
    }
  }
  fragment PostCard_post on Post { id title slug excerpt publishedAt author { id displayName } }`;

/** posts → author → posts → … nested `levels` times. */
function nested(levels: number, first = 1): string {
  let inner = 'id';
  for (let level = 0; level < levels; level += 1)
    inner = `author { posts(first: ${first}) { edges { node { ${inner} } } } }`;
  return `{ posts(first: ${first}) { edges { node { ${inner} } } } }`;
}

describe('GraphQL query protection', () => {
  let t: TestApp;
  let queries = 0;
  const count = () => (queries += 1);
  beforeAll(async () => {
    t = await startTestApp();
    t.db.on('query', count);
  });
  afterAll(async () => {
    t.db.removeListener('query', count);
    await t.close();
  });
  beforeEach(() => {
    queries = 0;
  });

  /**
   * Let through: answered 200 without a refusal. These queries read the shared feed, where another
   * test file may soft-delete an author between a page's read and its authors' read; that post's
   * `author` then answers NOT_FOUND ("The author of this post is gone."), which is not a refusal.
   */
  const accepted = (res: Awaited<ReturnType<typeof gql>>) => {
    expect(res.status).toBe(200);
    expect((res.errors ?? []).filter((error) => error.extensions.code !== 'NOT_FOUND')).toEqual([]);
  };

  const refused = (res: Awaited<ReturnType<typeof gql>>, code = 'QUERY_TOO_COMPLEX') => {
    expect(res.status).toBe(400);
    expect(res.data).toBeNull();
    expect(res.errors?.[0]?.extensions).toMatchObject({ code, status: 400, requestId: expect.any(String) });
    // refused before execution: not one SQL statement ran
    expect(queries).toBe(0);
  };

  it('lets normal client queries through: a feed page of 100 with fragments, viewer, nodes', async () => {
    for (const first of [20, 100]) {
      accepted(await gql(t, FEED_PAGE, { count: first }));
    }
    const res = await gql(
      t,
      `query ($id: ID!) { viewer { email } featureFlags { key enabled }
        node(id: $id) { id ... on User { displayName posts(first: 20) { edges { node { id title } } } } } }`,
      { id: 'VXNlcjox' },
    );
    expect(res.errors).toBeUndefined();
    expect(queries).toBeGreaterThan(0);
  });

  it('refuses a query nested deeper than the limit', async () => {
    accepted(await gql(t, nested(2)));
    queries = 0;
    const res = await gql(t, nested(4));
    refused(res);
    expect(res.errors![0]!.message).toMatch(/too deep/);
  });

  it('refuses an expensive query whose page sizes multiply (literal and variable sizes)', async () => {
    refused(await gql(t, nested(1, 100)));
    const viaVariables = `query ($n: Int!) { posts(first: $n) { edges { node { author {
      posts(first: $n) { edges { node { title body author { displayName } } } } } } } } }`;
    refused(await gql(t, viaVariables, { n: 100 }));
    accepted(await gql(t, viaVariables, { n: 5 }));
  });

  it('counts nodes(ids:) by the number of ids asked for', async () => {
    const ids = Array.from({ length: 100 }, (_, i) => Buffer.from(`User:${i}`).toString('base64url'));
    refused(
      await gql(
        t,
        `query ($ids: [ID!]!) { nodes(ids: $ids) { ... on User { posts(first: 100) { edges { node { id } } } } } }`,
        {
          ids,
        },
      ),
    );
  });

  it('refuses an alias attack', async () => {
    const aliases = Array.from({ length: 30 }, (_, i) => `a${i}: posts(first: 1) { edges { cursor } }`).join(' ');
    const res = await gql(t, `{ ${aliases} }`);
    refused(res);
    expect(res.errors![0]!.message).toMatch(/aliases/);
  });

  it('refuses a fragment explosion quickly, without expanding it', async () => {
    const fragments = Array.from(
      { length: 30 },
      (_, i) => `fragment F${i + 1} on Post { ...F${i} ...F${i} title }`,
    ).join('\n');
    const query = `{ posts(first: 1) { edges { node { ...F30 } } } }\nfragment F0 on Post { id }\n${fragments}`;
    const started = Date.now();
    refused(await gql(t, query));
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('refuses an oversized document before parsing all of it', async () => {
    const fields = Array.from({ length: 4_000 }, () => '__typename').join(' ');
    refused(await gql(t, `{ ${fields} }`), 'GRAPHQL_PARSE_FAILED');
  });

  it('honours tighter limits from the environment', async () => {
    const strict = await startTestApp({
      env: { GRAPHQL_MAX_DEPTH: '3', GRAPHQL_MAX_COST: '10', GRAPHQL_MAX_ALIASES: '1' },
    });
    try {
      const deep = await gql(strict, '{ posts(first: 1) { edges { node { id } } } }');
      expect(deep.errors?.[0]?.extensions.code).toBe('QUERY_TOO_COMPLEX');
      const costly = await gql(strict, '{ posts(first: 20) { pageInfo { hasNextPage } edges { cursor } } }');
      expect(costly.errors?.[0]?.extensions.code).toBe('QUERY_TOO_COMPLEX');
      const aliased = await gql(strict, '{ a: featureFlags { key } b: featureFlags { key } }');
      expect(aliased.errors?.[0]?.extensions.code).toBe('QUERY_TOO_COMPLEX');
      expect((await gql(strict, '{ a: featureFlags { key } }')).errors).toBeUndefined();
    } finally {
      await strict.close();
    }
  });

  // Production refuses to start without PostgreSQL and Redis URLs, so embedded mode skips this.
  (testEnv.embedded ? describe.skip : describe)('in production', () => {
    let prod: TestApp;
    beforeAll(async () => {
      prod = await startTestApp({ env: { NODE_ENV: 'production' } });
    });
    afterAll(() => prod?.close());

    it('turns introspection off', async () => {
      const res = await gql(prod, '{ __schema { types { name } } }');
      expect(res.status).toBe(400);
      expect(res.errors?.[0]?.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(JSON.stringify(res)).not.toContain('PostConnection');
    });

    it('does not suggest field names', async () => {
      const res = await gql(prod, '{ postz { edges { cursor } } }');
      expect(res.errors?.[0]?.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(res.errors?.[0]?.message).not.toMatch(/Did you mean/);
      const dev = await gql(t, '{ postz { edges { cursor } } }');
      expect(dev.errors?.[0]?.message).toMatch(/Did you mean/);
    });

    it('keeps introspection when GRAPHQL_INTROSPECTION=true', async () => {
      const open = await startTestApp({ env: { NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true' } });
      try {
        const res = await gql(open, '{ __type(name: "Post") { fields { name } } }');
        expect(res.errors).toBeUndefined();
      } finally {
        await open.close();
      }
    });
  });
});
