import { PostRepository } from '../../src/modules/posts/post.repository';
import { UserRepository } from '../../src/modules/users/user.repository';
import { gql } from '../support/auth';
import type { TestApp } from '../support/test-app';
import { createPost, signUpAuthor, startPostsApp, type Author } from '../posts/posts-support';

let t: TestApp;
let authors: Author[];
/** This file's own published posts, one per author (the feed's newest may be another file's). */
let ownPostIds: string[];

beforeAll(async () => {
  // The uncached path itself: every request executes.
  t = await startPostsApp({ env: { RESPONSE_CACHE: 'off' } });
  authors = [await signUpAuthor(t), await signUpAuthor(t), await signUpAuthor(t)];
  ownPostIds = [];
  for (const author of authors) {
    ownPostIds.push((await createPost(t, author, { status: 'PUBLISHED', body: 'the body text' })).id);
  }
});

afterAll(() => t.close());

async function sqlOf(run: () => Promise<unknown>): Promise<string[]> {
  const statements: string[] = [];
  const listener = (query: { sql: string }) => statements.push(query.sql);
  t.db.on('query', listener);
  try {
    await run();
  } finally {
    t.db.off('query', listener);
  }
  return statements;
}

const feed = (first: number, fields = 'title author { displayName }') =>
  gql<{ posts: { edges: { node: { title: string; body?: string } }[] } }>(
    t,
    `query ($first: Int) { posts(first: $first) { edges { node { ${fields} } } } }`,
    { first },
  );

describe('the uncached feed path', () => {
  it('reads no body unless the query selects it, and then in the same statement', async () => {
    const [page] = await sqlOf(() => feed(3));
    expect(page).toMatch(/from "posts"/);
    expect(page).not.toMatch(/"body"/);
    const withBody = await sqlOf(async () => {
      const res = await feed(3, 'title body');
      // (Other test files write to the same database: any post's body will do.)
      expect(res.data!.posts.edges.every((edge) => typeof edge.node.body === 'string')).toBe(true);
    });
    expect(withBody).toHaveLength(1);
    expect(withBody[0]).toMatch(/"posts"\."body"/);
  });

  it('reads a public page and its authors in one statement, and no users when no author is selected', async () => {
    const withAuthors = await sqlOf(() => feed(3));
    expect(withAuthors).toHaveLength(1);
    expect(withAuthors[0]).toMatch(/from "posts" inner join "users" on "users"\."id" = "posts"\."author_id"/);
    const withoutAuthors = await sqlOf(() => feed(3, 'title'));
    expect(withoutAuthors).toHaveLength(1);
    expect(withoutAuthors[0]).not.toMatch(/"users"/);
  });

  it('keeps the SQL text of the authors statement of node look-ups whatever the number of authors', async () => {
    // Other test files write to the same database meanwhile: a post of the feed's first page may
    // be unpublished between the two reads, so the look-ups are of this file's own posts.
    const ids = ownPostIds;
    const authorStatement = async (count: number) =>
      (
        await sqlOf(() =>
          gql(t, `query ($ids: [ID!]!) { nodes(ids: $ids) { ... on Post { author { displayName } } } }`, {
            ids: ids.slice(0, count),
          }),
        )
      ).find((sql) => /from "users"/.test(sql));
    const one = await authorStatement(1);
    const three = await authorStatement(3);
    expect(one).toBeDefined();
    expect(three).toBe(one);
  });

  it("drops a soft-deleted author's posts from the public lists by their flag, not by probing users", async () => {
    const [gone] = authors;
    const flags = async () =>
      (await t.db('posts').where({ author_id: gone!.key }).pluck('author_deleted')) as boolean[];
    expect(await flags()).toEqual([false]);
    await t.db('users').where({ id: gone!.key }).update({ deleted_at: t.db.fn.now() });
    // The trigger marks the posts; the page statement filters on the flag, never on users.
    expect(await flags()).toEqual([true]);
    const [page] = await sqlOf(() => feed(50, 'title'));
    expect(page).toMatch(/not posts\.author_deleted/);
    expect(page).not.toMatch(/"users"|exists/i);
    // With the authors read in the same statement, the filter is still the flag.
    const [withAuthors] = await sqlOf(() => feed(50));
    expect(withAuthors).toMatch(/not posts\.author_deleted/);
    expect(withAuthors).not.toMatch(/exists/i);
    await t.db('users').where({ id: gone!.key }).update({ deleted_at: null });
    expect(await flags()).toEqual([false]);
  });

  it("answers a soft-deleted author's post as absent by slug and by id, whatever the query selects", async () => {
    const gone = authors[1]!;
    const post = await createPost(t, gone, { status: 'PUBLISHED' });
    await t.db('users').where({ id: gone.key }).update({ deleted_at: t.db.fn.now() });
    try {
      for (const fields of ['title', 'title author { id }']) {
        const bySlug = await gql<{ post: unknown }>(t, `query ($slug: String!) { post(slug: $slug) { ${fields} } }`, {
          slug: post.slug,
        });
        expect(bySlug.errors).toBeUndefined();
        expect(bySlug.data!.post).toBeNull();
        const byId = await gql<{ node: unknown }>(
          t,
          `query ($id: ID!) { node(id: $id) { ... on Post { ${fields} } } }`,
          {
            id: post.id,
          },
        );
        expect(byId.data!.node).toBeNull();
      }
      const rest = await t.http().get(`/api/v1/posts/${encodeURIComponent(post.slug)}/`);
      expect(rest.status).toBe(404);
      expect(rest.body.error.code).toBe('NOT_FOUND');
    } finally {
      await t.db('users').where({ id: gone.key }).update({ deleted_at: null });
    }
    // Back with the account.
    const back = await gql<{ post: { title: string } }>(t, `query ($slug: String!) { post(slug: $slug) { title } }`, {
      slug: post.slug,
    });
    expect(back.data!.post.title).toBe(post.title);
  });
});

describe("a public page's authors read in its statement", () => {
  it("are the users' public fields as the users repository reads them, one record per author", async () => {
    const posts = new PostRepository(t.db);
    const users = new UserRepository(t.db);
    const first = { limit: 10, cursor: null, direction: 'forward' as const };
    const expected = await users.findByIds(authors.map((author) => author.key));
    expect(expected).toHaveLength(authors.length);
    for (const user of expected) {
      const [post] = await posts.page({ kind: 'author', authorId: user.id }, 'published', first, { authors: true });
      // Only what a reader may see: no email, role or token state on the public path.
      expect(post!.author).toEqual({ id: user.id, displayName: user.displayName, createdAt: user.createdAt });
      expect(post!.author!.createdAt).toBeInstanceOf(Date);
    }
    // The feed: every post of one author carries the same record.
    const page = await posts.page({ kind: 'public' }, 'published', { ...first, limit: 100 }, { authors: true });
    const byAuthor = new Map(page.map((post) => [post.authorId, post.author]));
    for (const post of page) expect(post.author).toBe(byAuthor.get(post.authorId));
  });

  it('reads no column of users that a reader may not see', async () => {
    const [page] = await sqlOf(() => feed(3));
    const userColumns = [...page!.matchAll(/"users"\."(\w+)"/g)].map((match) => match[1]);
    expect(new Set(userColumns)).toEqual(new Set(['display_name', 'created_at', 'id', 'deleted_at']));
    expect(page).toMatch(/"users"\."id" = "posts"\."author_id" and "users"\."deleted_at" is null/);
  });
});
