import { ConfigError, loadConfig } from '../../src/platform/config';
import { gql } from '../support/auth';
import type { TestApp } from '../support/test-app';
import { createPost, signUpAuthor, startPostsApp, type Author } from '../posts/posts-support';

const PUBLIC_URL = 'https://blog.example.test/';

type Page = { edges: { node: { id: string } }[]; nodes: { id: string }[] };

describe("GitHub's conveniences: nodes beside edges, Post.url", () => {
  let t: TestApp;
  let author: Author;

  beforeAll(async () => {
    t = await startPostsApp({ env: { PUBLIC_URL } });
    author = await signUpAuthor(t);
    await createPost(t, author, { title: 'Nodes and urls', status: 'PUBLISHED' });
    await createPost(t, author, { title: 'A draft of mine' });
  });
  afterAll(() => t.close());

  it('every connection lists the same objects in nodes as in edges, in the same order', async () => {
    const page = 'edges { node { id } } nodes { id }';
    const res = await gql<{ feed: Page; mine: { posts: Page }; theirs: { posts: Page } }>(
      t,
      `query Lists($user: ID!) {
        feed: posts(first: 5) { ${page} }
        mine: viewer { posts(first: 5) { ${page} } }
        theirs: node(id: $user) { ... on User { posts(first: 5) { ${page} } } }
      }`,
      { user: author.userId },
      { token: author.access },
    );

    expect(res.errors).toBeUndefined();
    const data = res.data!;
    for (const connection of [data.feed, data.mine.posts, data.theirs.posts]) {
      expect(connection.nodes.length).toBeGreaterThan(0);
      expect(connection.nodes).toEqual(connection.edges.map((edge) => edge.node));
    }
    expect(data.mine.posts.nodes).toHaveLength(2);
  });

  it('Post.url is the post page under PUBLIC_URL (no double slash), slug escaped', async () => {
    const res = await gql<{ posts: { nodes: { slug: string; url: string }[] } }>(
      t,
      '{ posts(first: 1) { nodes { slug url } } }',
    );

    const [post] = res.data!.posts.nodes;
    expect(post!.url).toBe(`https://blog.example.test/posts/${encodeURIComponent(post!.slug)}`);
    expect((await t.http().get(new URL(post!.url).pathname.replace('/posts/', '/api/v1/posts/') + '/')).status).toBe(
      200,
    );
  });

  it('PUBLIC_URL defaults to http://localhost:4000 and must be an http(s) URL', () => {
    expect(loadConfig({}).publicUrl).toBe('http://localhost:4000');
    expect(() => loadConfig({ PUBLIC_URL: 'ftp://example.test' })).toThrow(ConfigError);
    expect(() => loadConfig({ PUBLIC_URL: 'not a url' })).toThrow(ConfigError);
  });
});
