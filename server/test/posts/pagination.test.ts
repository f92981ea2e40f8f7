import { cursorCodec } from '../../src/platform/pagination/cursor-codec';
import { toGlobalId } from '../../src/platform/ids/global-id';
import { gql } from '../support/auth';
import type { TestApp } from '../support/test-app';
import { ids, insertPosts, PAGE, signUpAuthor, startPostsApp, type Author, type PageView } from './posts-support';

// Seeded posts are dated far in the future, so they sit at the top of the shared feed whatever
// other test files publish meanwhile (at "now").
const future = (year: number, ...offsetsMs: number[]) => offsetsMs.map((ms) => new Date(Date.UTC(year, 0, 1) + ms));

describe('post connections (keyset pagination)', () => {
  let t: TestApp;
  let author: Author;
  beforeAll(async () => {
    // Arranges rows with SQL (no write path to invalidate), and counts SQL: the uncached path.
    t = await startPostsApp({ env: { RESPONSE_CACHE: 'off' } });
    author = await signUpAuthor(t);
  });
  afterEach(async () => {
    await t.db('posts').where({ author_id: author.key }).del();
  });
  afterAll(() => t.close());

  const feed = async (args: string, token?: string) => {
    const res = await gql<{ posts: PageView }>(t, `{ posts${args ? `(${args})` : ''} { ${PAGE} } }`, {}, { token });
    if (!res.data) throw new Error(JSON.stringify(res.errors));
    return res.data.posts;
  };
  const byAuthor = async (args: string) => {
    const res = await gql<{ node: { posts: PageView } }>(
      t,
      `query ($id: ID!) { node(id: $id) { ... on User { posts(${args}) { ${PAGE} } } } }`,
      { id: author.userId },
    );
    if (!res.data) throw new Error(JSON.stringify(res.errors));
    return res.data.node.posts;
  };

  it('pages forward newest first, with all four PageInfo fields', async () => {
    const seeded = await insertPosts(t, author.key, future(2300, 1, 2, 3, 4, 5));
    const one = await feed('first: 2');
    expect(ids(one)).toEqual(seeded.slice(0, 2).map((p) => p.id));
    expect(one.pageInfo).toEqual({
      hasNextPage: true,
      hasPreviousPage: false,
      startCursor: one.edges[0]!.cursor,
      endCursor: one.edges[1]!.cursor,
    });
    const two = await feed(`first: 2, after: "${one.pageInfo.endCursor}"`);
    expect(ids(two)).toEqual(seeded.slice(2, 4).map((p) => p.id));
    expect(two.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
  });

  it('pages backward with last/before and reaches the start', async () => {
    const seeded = await insertPosts(t, author.key, future(2301, 1, 2, 3, 4, 5));
    const all = await feed('first: 5');
    const back = await feed(`last: 2, before: "${all.edges[4]!.cursor}"`);
    expect(ids(back)).toEqual(seeded.slice(2, 4).map((p) => p.id));
    expect(back.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
    const start = await feed(`last: 5, before: "${back.pageInfo.startCursor}"`);
    expect(ids(start)).toEqual(seeded.slice(0, 2).map((p) => p.id));
    expect(start.pageInfo.hasPreviousPage).toBe(false);
  });

  it('pages backward from the end of a list with last alone (User.posts)', async () => {
    const seeded = await insertPosts(t, author.key, future(2302, 1, 2, 3, 4, 5));
    const oldest = await byAuthor('last: 2');
    expect(ids(oldest)).toEqual(seeded.slice(3).map((p) => p.id));
    expect(oldest.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
    const whole = await byAuthor('first: 10');
    expect(ids(whole)).toEqual(seeded.map((p) => p.id));
    expect(whole.pageInfo.hasNextPage).toBe(false);
  });

  it('orders posts with equal timestamps by id, never repeating or skipping one', async () => {
    const same = new Date(Date.UTC(2303, 0, 1));
    const seeded = await insertPosts(
      t,
      author.key,
      Array.from({ length: 7 }, () => same),
    );
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 4; page += 1) {
      const current = await byAuthor(`first: 2${after ? `, after: "${after}"` : ''}`);
      seen.push(...ids(current));
      after = current.pageInfo.endCursor;
      if (!current.pageInfo.hasNextPage) break;
    }
    expect(seen).toEqual(seeded.map((p) => p.id));
    // and backward over the same ties
    const back = await byAuthor(`last: 3, before: "${(await byAuthor('first: 5')).edges[4]!.cursor}"`);
    expect(ids(back)).toEqual(seeded.slice(1, 4).map((p) => p.id));
  });

  it('stays consistent when posts are inserted and deleted between pages', async () => {
    const seeded = await insertPosts(t, author.key, future(2304, 10, 20, 30, 40, 50, 60));
    const one = await feed('first: 2');
    expect(ids(one)).toEqual(seeded.slice(0, 2).map((p) => p.id));

    // A newer post arrives (above page one), the post that ended page one is deleted,
    // and the first post of page two is soft-deleted by its author.
    const [newer] = await insertPosts(t, author.key, future(2304, 70));
    await t.db('posts').where({ id: seeded[1]!.key }).del();
    await t.db('posts').where({ id: seeded[2]!.key }).update({ deleted_at: new Date() });

    const two = await feed(`first: 2, after: "${one.pageInfo.endCursor}"`);
    expect(ids(two)).toEqual([seeded[3]!.id, seeded[4]!.id]);
    const three = await feed(`first: 2, after: "${two.pageInfo.endCursor}"`);
    expect(ids(three)[0]).toBe(seeded[5]!.id);

    // Going back from page two now shows the newer post, not the deleted ones.
    const back = await feed(`last: 5, before: "${two.pageInfo.startCursor}"`);
    expect(ids(back)).toEqual([newer!.id, seeded[0]!.id]);
  });

  it('defaults to 20 and caps first/last at 100 with BAD_USER_INPUT', async () => {
    await insertPosts(t, author.key, future(2305, ...Array.from({ length: 25 }, (_, i) => i)));
    expect((await feed('')).edges).toHaveLength(20);
    expect((await feed('first: 100')).edges.length).toBeGreaterThanOrEqual(25);
    expect((await feed('first: 0')).edges).toEqual([]);
    for (const args of ['first: 101', 'last: 101', 'first: -1', 'first: 2, last: 2', 'first: 2, before: "x"']) {
      const res = await gql(t, `{ posts(${args}) { edges { cursor } } }`);
      expect(res.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    }
  });

  it('refuses tampered cursors, cursors of another list and global ids with BAD_USER_INPUT', async () => {
    await insertPosts(t, author.key, future(2306, 1, 2, 3));
    const { endCursor } = (await feed('first: 1')).pageInfo;
    const decoded = Buffer.from(endCursor!, 'base64url').toString('utf8');
    const tampered = [
      endCursor!.slice(0, -2) + (endCursor!.endsWith('AA') ? 'BB' : 'AA'),
      Buffer.from(decoded.replace(/\d{4}-/, '1999-'), 'utf8').toString('base64url'),
      'not a cursor!',
      '',
      'x'.repeat(600),
    ];
    const ownListCursor = await gql<{ viewer: { posts: PageView } }>(
      t,
      `{ viewer { posts(first: 1) { ${PAGE} } } }`,
      {},
      { token: author.access },
    );
    const otherKind = ownListCursor.data!.viewer.posts.pageInfo.endCursor!;
    const sessionLike = cursorCodec(
      'Session:created',
      (k: string[]) => k,
      (p) => p,
    ).encode(['2020', 'x']);
    for (const cursor of [...tampered, otherKind, sessionLike, author.userId]) {
      for (const arg of ['after', 'before']) {
        const res = await gql(t, `query ($c: String) { posts(${arg}: $c) { edges { cursor } } }`, { c: cursor });
        expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
      }
    }
  });

  it('takes a cursor of an author’s page as a position in the feed: the same ordering', async () => {
    // The year 2399 is past every other test's rows: this author's posts are the feed's newest.
    const seeded = await insertPosts(t, author.key, future(2399, 1, 2, 3));
    const { endCursor } = (await byAuthor('first: 1')).pageInfo;
    const page = await feed(`first: 2, after: "${endCursor}"`);
    expect(ids(page)).toEqual([seeded[1]!.id, seeded[2]!.id]);
  });

  it('lists the viewer’s own posts, drafts included, newest created first', async () => {
    const drafts = await insertPosts(t, author.key, future(2307, 1, 2), 'draft');
    const published = await insertPosts(t, author.key, future(2307, 3));
    const res = await gql<{ viewer: { posts: PageView } }>(
      t,
      `{ viewer { posts(first: 3) { ${PAGE} } } }`,
      {},
      {
        token: author.access,
      },
    );
    expect(ids(res.data!.viewer.posts)).toEqual([published[0]!.id, drafts[0]!.id, drafts[1]!.id]);
    const onlyDrafts = await gql<{ viewer: { posts: PageView } }>(
      t,
      `{ viewer { posts(first: 3, status: DRAFT) { ${PAGE} } } }`,
      {},
      { token: author.access },
    );
    expect(ids(onlyDrafts.data!.viewer.posts)).toEqual(drafts.map((p) => p.id));
  });

  it("gives every post its author, through edges and through the nodes shortcut, in a page's one read of users", async () => {
    const other = await signUpAuthor(t);
    try {
      const mine = await insertPosts(t, author.key, future(2309, 1, 3));
      const theirs = await insertPosts(t, other.key, future(2309, 2));
      const expected = [mine[0]!, theirs[0]!, mine[1]!].map((post) => post.id);
      const authorIds = [author.userId, other.userId, author.userId];
      // Each selection alone: either one is enough for the authors to be read.
      const byNodes = await gql<{ posts: { nodes: { id: string; author: { id: string } }[] } }>(
        t,
        `{ posts(first: 3) { nodes { id author { id } } } }`,
      );
      expect(byNodes.errors).toBeUndefined();
      expect(byNodes.data!.posts.nodes.map((node) => node.id)).toEqual(expected);
      expect(byNodes.data!.posts.nodes.map((node) => node.author.id)).toEqual(authorIds);
      const byEdges = await gql<{ posts: { edges: { node: { author: { id: string } } }[] } }>(
        t,
        `{ posts(first: 3) { edges { node { ...Byline } } } } fragment Byline on Post { author { id } }`,
      );
      expect(byEdges.errors).toBeUndefined();
      expect(byEdges.data!.posts.edges.map((edge) => edge.node.author.id)).toEqual(authorIds);
    } finally {
      await t.db('posts').where({ author_id: other.key }).del();
    }
  });

  it('leaves out a post whose author is gone while its public flag has not caught up', async () => {
    const leaving = await signUpAuthor(t);
    try {
      const kept = await insertPosts(t, author.key, future(2310, 1, 3));
      await insertPosts(t, leaving.key, future(2310, 2));
      // The account is gone (its trigger flags its posts) and its post still looks public by its
      // flag (cleared again): the page reads its authors with it, live ones only, so the page is
      // still full (two posts of two asked for, with the gone one between them).
      await t.db('users').where({ id: leaving.key }).update({ deleted_at: new Date() });
      await t.db('posts').where({ author_id: leaving.key }).update({ author_deleted: false });
      const res = await gql<{ posts: { edges: { node: { id: string; author: { id: string } } }[] } }>(
        t,
        `{ posts(first: 2) { edges { node { id author { id } } } } }`,
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!.posts.edges.map((edge) => edge.node.id)).toEqual([kept[0]!.id, kept[1]!.id]);
      expect(res.data!.posts.edges.every((edge) => edge.node.author.id === author.userId)).toBe(true);
    } finally {
      await t.db('posts').where({ author_id: leaving.key }).del();
    }
  });

  it('reads the author of post(slug) only when the query selects it', async () => {
    const [post] = await insertPosts(t, author.key, future(2311, 1));
    const { slug } = await t.db('posts').where({ id: post!.key }).first('slug');
    const queries: string[] = [];
    const count = (query: { sql: string }) => queries.push(query.sql);
    t.db.on('query', count);
    try {
      const bare = await gql<{ post: { id: string } }>(t, `query ($slug: String!) { post(slug: $slug) { id } }`, {
        slug,
      });
      expect(bare.data!.post.id).toBe(post!.id);
      expect(queries.filter((sql) => /from "users"/.test(sql))).toHaveLength(0);
      const withAuthor = await gql<{ post: { author: { id: string } } }>(
        t,
        `query ($slug: String!) { post(slug: $slug) { ... on Post { author { id } } } }`,
        { slug },
      );
      expect(withAuthor.data!.post.author.id).toBe(author.userId);
      expect(queries.filter((sql) => /from "users"/.test(sql))).toHaveLength(1);
    } finally {
      t.db.removeListener('query', count);
    }
  });

  it('costs one SQL statement per feed page, whatever its size and authors', async () => {
    const authors = [author, await signUpAuthor(t), await signUpAuthor(t)];
    for (const [index, a] of authors.entries()) {
      await insertPosts(t, a.key, future(2308, ...Array.from({ length: 34 }, (_, i) => i * 3 + index)));
    }
    let queries: string[] = [];
    const count = (query: { sql: string }) => queries.push(query.sql);
    t.db.on('query', count);
    try {
      const page = await feed('first: 100');
      expect(queries).toHaveLength(1);
      queries = [];
      const res = await gql<{
        posts: { edges: { node: { title: string; author: { id: string; displayName: string } } }[] };
      }>(t, `{ posts(first: 100) { edges { node { id title body author { id displayName createdAt } } } } }`);
      expect(page.edges).toHaveLength(100);
      expect(res.data!.posts.edges).toHaveLength(100);
      expect(new Set(res.data!.posts.edges.map((e) => e.node.author.displayName)).size).toBeGreaterThan(0);
      // the page and all its authors together
      expect(queries).toHaveLength(1);
      expect(queries[0]).toMatch(/from "posts" inner join "users"/);
      const authorNames = new Map(
        (
          await t
            .db('users')
            .whereIn(
              'id',
              authors.map((a) => a.key),
            )
            .select('id', 'display_name')
        ).map((row) => [toGlobalId('User', row.id as string), row.display_name as string]),
      );
      for (const edge of res.data!.posts.edges) {
        expect(edge.node.author.displayName).toBe(authorNames.get(edge.node.author.id));
      }
    } finally {
      t.db.removeListener('query', count);
      for (const a of authors.slice(1)) await t.db('posts').where({ author_id: a.key }).del();
    }
  });
});
