import { gql } from '../support/auth';
import type { TestApp } from '../support/test-app';
import { createPost, signUpAuthor, startPostsApp, type Author } from '../posts/posts-support';

const UPDATE = 'mutation ($input: UpdateProfileInput!) { updateProfile(input: $input) { user { id displayName } } }';

describe('updateProfile', () => {
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

  it('changes the display name shown on the writer’s posts, trimmed', async () => {
    const post = await createPost(t, author, { status: 'PUBLISHED' });
    const res = await gql(t, UPDATE, { input: { displayName: '  Ada Lovelace ' } }, { token: author.access });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ updateProfile: { user: { id: author.userId, displayName: 'Ada Lovelace' } } });
    const read = await gql<{ post: { author: { displayName: string } } }>(
      t,
      'query ($slug: String!) { post(slug: $slug) { author { displayName } } }',
      { slug: post.slug },
    );
    expect(read.data!.post.author.displayName).toBe('Ada Lovelace');
  });

  it.each([
    ['', 'must not be empty'],
    ['   ', 'must not be empty'],
    ['x'.repeat(81), 'must be at most 80 characters'],
    ['bell\u0007', 'must not contain control characters'],
  ])('refuses %j with BAD_USER_INPUT and the reason per field', async (displayName, reason) => {
    const res = await gql(t, UPDATE, { input: { displayName } }, { token: author.access });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', details: { displayName: [reason] } });
  });

  it('needs a signed-in writer', async () => {
    const res = await gql(t, UPDATE, { input: { displayName: 'Anyone' } });
    expect(res.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });
});
