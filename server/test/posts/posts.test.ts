import { toGlobalId } from '../../src/platform/ids/global-id';
import { POST_CURSORS } from '../../src/modules/posts/post.cursors';
import { gql } from '../support/auth';
import type { TestApp } from '../support/test-app';
import {
  createPost,
  POST_FIELDS,
  signUpAdmin,
  signUpAuthor,
  startPostsApp,
  type Author,
  type PostView,
} from './posts-support';

const UPDATE = `mutation ($input: UpdatePostInput!) { updatePost(input: $input) { post { ${POST_FIELDS} } } }`;
const DELETE = `mutation ($input: DeletePostInput!) { deletePost(input: $input) { deletedPostId } }`;
const RESTORE = `mutation ($input: RestorePostInput!) { restorePost(input: $input) { post { ${POST_FIELDS} } } }`;
const BY_SLUG = `query ($slug: String!) { post(slug: $slug) { id deletedAt status } }`;
const NODE = `query ($id: ID!) { node(id: $id) { id ... on Post { title } } }`;
const FEED_FROM = `query ($after: String) { posts(first: 5, after: $after) { edges { node { id } } } }`;
const MINE = `query ($trashed: Boolean) { viewer { posts(first: 100, trashed: $trashed) { edges { node { id deletedAt } } } } }`;

/**
 * The ids of the feed's page that starts where `post` is (a cursor just above its publication
 * time): the post is first there if the feed shows it, whatever other test files published meanwhile.
 */
async function feedAt(t: TestApp, slug: string, token?: string): Promise<string[]> {
  const row = (await t.db('posts').where({ slug }).first()) as { id: string; published_at: Date };
  const after = POST_CURSORS.published.encode({ at: new Date(row.published_at.getTime() + 1), id: row.id });
  const feed = await gql<{ posts: { edges: { node: { id: string } }[] } }>(t, FEED_FROM, { after }, { token });
  return feed.data!.posts.edges.map((e) => e.node.id);
}

describe('posts', () => {
  let t: TestApp;
  let alice: Author;
  let bob: Author;
  let admin: Author;
  beforeAll(async () => {
    t = await startPostsApp();
    [alice, bob, admin] = await Promise.all([signUpAuthor(t), signUpAuthor(t), signUpAdmin(t)]);
  });
  afterAll(() => t.close());

  const code = (res: { errors?: { extensions: Record<string, unknown> }[] }) => res.errors?.[0]?.extensions.code;

  describe('creating', () => {
    it('creates a draft by default with a slug from the title, an excerpt and the viewer as author', async () => {
      const res = await gql<{ createPost: { post: PostView; postEdge: { cursor: string; node: { id: string } } } }>(
        t,
        `mutation ($input: CreatePostInput!) { createPost(input: $input) {
          post { ${POST_FIELDS} } postEdge { cursor node { id } } } }`,
        {
          input: {
            title: '  Héllo, Wörld! Über posts  ',
            body: '# Heading\n\nSome *markdown* [link](https://x.test).',
          },
        },
        { token: alice.access },
      );
      expect(res.errors).toBeUndefined();
      const { post, postEdge } = res.data!.createPost;
      expect(post).toMatchObject({
        title: 'Héllo, Wörld! Über posts',
        status: 'DRAFT',
        publishedAt: null,
        deletedAt: null,
        excerpt: 'Heading Some markdown link.',
        author: { id: alice.userId },
      });
      expect(post.slug).toBe('hello-world-uber-posts');
      expect(postEdge.node.id).toBe(post.id);
      expect(postEdge.cursor).toEqual(expect.any(String));
    });

    it('gives a second post with the same title its own slug', async () => {
      const first = await createPost(t, alice, { title: 'Same title twice' });
      const second = await createPost(t, bob, { title: 'Same title twice' });
      expect(first.slug).not.toBe(second.slug);
      expect(second.slug).toMatch(/^same-title-twice(-[0-9a-f]{6})?$/);
    });

    it('publishes immediately when asked, with publishedAt set', async () => {
      const post = await createPost(t, alice, { status: 'PUBLISHED' });
      expect(post.status).toBe('PUBLISHED');
      expect(post.publishedAt).toEqual(expect.any(String));
    });

    it('refuses anonymous callers with UNAUTHENTICATED', async () => {
      const res = await gql(t, `mutation { createPost(input: {title: "x", body: "y"}) { post { id } } }`);
      expect(code(res)).toBe('UNAUTHENTICATED');
      expect(await t.db('posts').where({ title: 'x', body: 'y' }).first()).toBeUndefined();
    });
  });

  describe('validation', () => {
    const create = (input: Record<string, unknown>) =>
      gql(
        t,
        `mutation ($input: CreatePostInput!) { createPost(input: $input) { post { id } } }`,
        { input },
        {
          token: alice.access,
        },
      );

    it.each([
      ['an empty title', { title: '', body: 'b' }, 'title'],
      ['a blank title', { title: '   ', body: 'b' }, 'title'],
      ['a 201-character title', { title: 'x'.repeat(201), body: 'b' }, 'title'],
      ['a body over 100 kB', { title: 't', body: 'é'.repeat(50_001) }, 'body'],
    ])('refuses %s with BAD_USER_INPUT and field details', async (_label, input, field) => {
      const res = await create(input);
      expect(res.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        details: { [field]: expect.any(Array) },
      });
    });

    it('accepts a 200-character title and a body of exactly 100 000 bytes', async () => {
      const res = await create({ title: 'y'.repeat(200), body: 'z'.repeat(100_000 - 200) });
      // (the JSON request limit is 100 kB too, so the body here leaves room for the envelope)
      expect(res.errors).toBeUndefined();
    });

    it('refuses a status outside the enum', async () => {
      const res = await create({ title: 't', body: 'b', status: 'ARCHIVED' });
      expect(code(res)).toBe('BAD_USER_INPUT');
    });

    it('refuses a missing field', async () => {
      const res = await create({ title: 't' });
      expect(code(res)).toBe('BAD_USER_INPUT');
    });

    it('refuses a bad update: blank title, wrong id type, malformed id', async () => {
      const post = await createPost(t, alice);
      const blank = await gql(t, UPDATE, { input: { id: post.id, title: ' ' } }, { token: alice.access });
      expect(blank.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        details: { title: expect.any(Array) },
      });
      const userId = await gql(t, UPDATE, { input: { id: alice.userId, title: 'x' } }, { token: alice.access });
      expect(userId.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        details: { id: expect.any(Array) },
      });
      const garbage = await gql(t, DELETE, { input: { id: '%%%' } }, { token: alice.access });
      expect(code(garbage)).toBe('BAD_USER_INPUT');
      const unknown = await gql(
        t,
        RESTORE,
        { input: { id: toGlobalId('Post', 'not-a-uuid') } },
        { token: alice.access },
      );
      expect(code(unknown)).toBe('NOT_FOUND');
    });

    it('refuses a slug argument over 200 characters', async () => {
      const res = await gql(t, BY_SLUG, { slug: 's'.repeat(201) });
      expect(code(res)).toBe('BAD_USER_INPUT');
    });
  });

  describe('authorization', () => {
    it('lets the author update title, body and status; slug stays, excerpt follows the body', async () => {
      const post = await createPost(t, alice, { title: 'Original title' });
      const res = await gql<{ updatePost: { post: PostView } }>(
        t,
        UPDATE,
        { input: { id: post.id, title: 'New title', body: 'New body', status: 'PUBLISHED' } },
        { token: alice.access },
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!.updatePost.post).toMatchObject({
        title: 'New title',
        body: 'New body',
        excerpt: 'New body',
        slug: post.slug,
        status: 'PUBLISHED',
        publishedAt: expect.any(String),
      });
    });

    it("refuses another user's update of a published post with FORBIDDEN", async () => {
      const post = await createPost(t, alice, { status: 'PUBLISHED' });
      for (const [mutation, input] of [
        [UPDATE, { id: post.id, title: 'Hijacked' }],
        [DELETE, { id: post.id }],
        [RESTORE, { id: post.id }],
      ] as const) {
        const res = await gql(t, mutation, { input }, { token: bob.access });
        expect(code(res)).toBe('FORBIDDEN');
      }
      expect((await t.db('posts').where({ slug: post.slug }).first()).title).toBe(post.title);
    });

    it("answers NOT_FOUND for another user's draft, so its existence stays private", async () => {
      const draft = await createPost(t, alice);
      for (const [mutation, input] of [
        [UPDATE, { id: draft.id, title: 'Peek' }],
        [DELETE, { id: draft.id }],
        [RESTORE, { id: draft.id }],
      ] as const) {
        const res = await gql(t, mutation, { input }, { token: bob.access });
        expect(code(res)).toBe('NOT_FOUND');
      }
      expect((await gql(t, BY_SLUG, { slug: draft.slug }, { token: bob.access })).data).toEqual({ post: null });
      expect((await gql(t, BY_SLUG, { slug: draft.slug })).data).toEqual({ post: null });
    });

    it("lets an admin update, delete and restore anyone's post", async () => {
      const draft = await createPost(t, alice);
      const updated = await gql<{ updatePost: { post: PostView } }>(
        t,
        UPDATE,
        { input: { id: draft.id, title: 'Moderated' } },
        { token: admin.access },
      );
      expect(updated.data?.updatePost.post.title).toBe('Moderated');
      expect((await gql(t, DELETE, { input: { id: draft.id } }, { token: admin.access })).data).toEqual({
        deletePost: { deletedPostId: draft.id },
      });
      const restored = await gql<{ restorePost: { post: PostView } }>(
        t,
        RESTORE,
        { input: { id: draft.id } },
        {
          token: admin.access,
        },
      );
      expect(restored.data?.restorePost.post.deletedAt).toBeNull();
    });

    it('refuses anonymous update, delete and restore with UNAUTHENTICATED', async () => {
      const post = await createPost(t, alice, { status: 'PUBLISHED' });
      for (const [mutation, input] of [
        [UPDATE, { id: post.id, title: 'x' }],
        [DELETE, { id: post.id }],
        [RESTORE, { id: post.id }],
      ] as const) {
        expect(code(await gql(t, mutation, { input }))).toBe('UNAUTHENTICATED');
      }
    });
  });

  describe('soft delete and restore', () => {
    it('hides a deleted post from everyone but its author, who restores it', async () => {
      const post = await createPost(t, alice, { status: 'PUBLISHED' });
      const deleted = await gql(t, DELETE, { input: { id: post.id } }, { token: alice.access });
      expect(deleted.data).toEqual({ deletePost: { deletedPostId: post.id } });
      expect(await t.db('posts').where({ slug: post.slug }).first()).toMatchObject({ deleted_at: expect.any(Date) });

      // anonymous reader and another user: gone from feed, post, node and nodes
      for (const token of [undefined, bob.access]) {
        expect(await feedAt(t, post.slug, token)).not.toContain(post.id);
        expect((await gql(t, BY_SLUG, { slug: post.slug }, { token })).data).toEqual({ post: null });
        expect((await gql(t, NODE, { id: post.id }, { token })).data).toEqual({ node: null });
      }
      const rest = await t.http().get('/api/v1/posts/?limit=100');
      expect(rest.body.data.map((p: { id: string }) => p.id)).not.toContain(post.id);
      expect((await t.http().get(`/api/v1/posts/${post.slug}/`)).status).toBe(404);

      // the author: in the trash, not in the live list, still readable by slug and node
      const trash = await gql<{ viewer: { posts: { edges: { node: { id: string } }[] } } }>(
        t,
        MINE,
        { trashed: true },
        {
          token: alice.access,
        },
      );
      expect(trash.data!.viewer.posts.edges.map((e) => e.node.id)).toContain(post.id);
      const live = await gql<{ viewer: { posts: { edges: { node: { id: string } }[] } } }>(
        t,
        MINE,
        {},
        {
          token: alice.access,
        },
      );
      expect(live.data!.viewer.posts.edges.map((e) => e.node.id)).not.toContain(post.id);
      expect((await gql(t, BY_SLUG, { slug: post.slug }, { token: alice.access })).data).toMatchObject({
        post: { id: post.id, deletedAt: expect.any(String) },
      });

      // editing waits for a restore; deleting again changes nothing
      expect(code(await gql(t, UPDATE, { input: { id: post.id, title: 'x' } }, { token: alice.access }))).toBe(
        'CONFLICT',
      );
      expect((await gql(t, DELETE, { input: { id: post.id } }, { token: alice.access })).data).toEqual({
        deletePost: { deletedPostId: post.id },
      });
      // another user cannot even learn it exists
      expect(code(await gql(t, RESTORE, { input: { id: post.id } }, { token: bob.access }))).toBe('NOT_FOUND');

      const restored = await gql<{ restorePost: { post: PostView } }>(
        t,
        RESTORE,
        { input: { id: post.id } },
        {
          token: alice.access,
        },
      );
      expect(restored.data!.restorePost.post).toMatchObject({ id: post.id, deletedAt: null, status: 'PUBLISHED' });
      expect(await feedAt(t, post.slug)).toContain(post.id);
      expect((await gql(t, NODE, { id: post.id })).data).toEqual({ node: { id: post.id, title: post.title } });
    });
  });

  describe('node and nodes', () => {
    it('resolve posts and users by global id, in order, null for missing, private or foreign ids', async () => {
      const published = await createPost(t, alice, { status: 'PUBLISHED' });
      const draft = await createPost(t, alice);
      const query = `query ($ids: [ID!]!) { nodes(ids: $ids) {
        __typename id ... on Post { title author { id } } ... on User { displayName } } }`;
      const ids = [
        draft.id,
        published.id,
        alice.userId,
        toGlobalId('Post', '00000000-0000-4000-8000-000000000000'),
        toGlobalId('User', 'nope'),
        'garbage',
        published.id,
      ];
      const anonymous = await gql<{ nodes: unknown[] }>(t, query, { ids });
      expect(anonymous.errors).toBeUndefined();
      expect(anonymous.data!.nodes).toEqual([
        null,
        { __typename: 'Post', id: published.id, title: published.title, author: { id: alice.userId } },
        { __typename: 'User', id: alice.userId, displayName: 'Test User' },
        null,
        null,
        null,
        { __typename: 'Post', id: published.id, title: published.title, author: { id: alice.userId } },
      ]);
      const own = await gql<{ nodes: ({ id: string } | null)[] }>(
        t,
        query,
        { ids: [draft.id] },
        { token: alice.access },
      );
      expect(own.data!.nodes[0]?.id).toBe(draft.id);
      const single = await gql(t, `query ($id: ID!) { node(id: $id) { id ... on User { displayName } } }`, {
        id: bob.userId,
      });
      expect(single.data).toEqual({ node: { id: bob.userId, displayName: 'Test User' } });
    });

    it('hides soft-deleted users', async () => {
      const carol = await signUpAuthor(t);
      await t.db('users').where({ id: carol.key }).update({ deleted_at: new Date() });
      expect((await gql(t, NODE, { id: carol.userId })).data).toEqual({ node: null });
    });

    it('caps nodes(ids:) at 100 with BAD_USER_INPUT', async () => {
      const res = await gql(t, `query ($ids: [ID!]!) { nodes(ids: $ids) { id } }`, {
        ids: Array.from({ length: 101 }, () => alice.userId),
      });
      expect(code(res)).toBe('BAD_USER_INPUT');
    });
  });
});
