import type { GraphQLSchema } from 'graphql';
import { GraphQLCachePolicy } from '../../src/platform/graphql/cache-policy';
import { buildGraphQLSchema, printSortedSchema } from '../../src/platform/graphql/schema';
import { toGlobalId } from '../../src/platform/ids/global-id';
import { resolvers } from '../../src/resolvers';

let schema: GraphQLSchema;

beforeAll(async () => {
  schema = await buildGraphQLSchema(resolvers);
});

const policy = () => new GraphQLCachePolicy(schema, printSortedSchema(schema));

const OPERATIONS = `
  query Feed($first: Int) { posts(first: $first) { edges { node { title } } } }
  query Post($slug: String!) { post(slug: $slug) { title } }
  query Node($id: ID!) { node(id: $id) { id } }
  query Slugs($first: Int) { posts(first: $first) { edges { node { slug } } } }`;

describe('the cache policy of a request', () => {
  it('is the same request for the same operation and variables, whatever their order or extras', () => {
    const p = policy();
    const a = p.request(OPERATIONS, 'Feed', { first: 2 });
    const b = p.request(OPERATIONS, 'Feed', { junk: 1, first: 2 });
    expect(a).not.toBeNull();
    expect(b).toEqual(a);
    // Worked out apart (a new policy) it is the same too: the remembered answer is not a guess.
    expect(policy().request(OPERATIONS, 'Feed', { first: 2 })).toEqual(a);
  });

  it('tells operations, variables and arguments apart, remembered or not', () => {
    const p = policy();
    for (let round = 0; round < 2; round += 1) {
      const feed2 = p.request(OPERATIONS, 'Feed', { first: 2 })!;
      const feed3 = p.request(OPERATIONS, 'Feed', { first: 3 })!;
      const feedNull = p.request(OPERATIONS, 'Feed', { first: null })!;
      const feedAbsent = p.request(OPERATIONS, 'Feed', {})!;
      const slugs2 = p.request(OPERATIONS, 'Slugs', { first: 2 })!;
      const postA = p.request(OPERATIONS, 'Post', { slug: 'a' })!;
      const postB = p.request(OPERATIONS, 'Post', { slug: 'b' })!;
      expect(new Set([feed2, feed3, feedNull, feedAbsent, slugs2, postA, postB].map((r) => r.key)).size).toBe(7);
      expect(postA.scopes).toContain('slug:a');
      expect(postB.scopes).toContain('slug:b');
      expect(postB.scopes).not.toContain('slug:a');
      expect([feed2.operationName, postA.operationName]).toEqual(['Feed', 'Post']);
      const postId = toGlobalId('Post', '8d7c3b6e-0000-4000-8000-000000000001');
      expect(p.request(OPERATIONS, 'Node', { id: postId })!.scopes).toContain(
        'post:8d7c3b6e-0000-4000-8000-000000000001',
      );
    }
  });

  it('works out long variables each time, with the same result', () => {
    const p = policy();
    const slug = 's'.repeat(5_000);
    const first = p.request(OPERATIONS, 'Post', { slug })!;
    const second = p.request(OPERATIONS, 'Post', { slug })!;
    expect(second).toEqual(first);
    expect(second).not.toBe(first);
    expect(p.request(OPERATIONS, 'Post', { slug: `${slug}t` })!.key).not.toBe(first.key);
  });

  it('is null for what may not be cached', () => {
    const p = policy();
    expect(p.request('mutation { logout { ok } }', undefined, {})).toBeNull();
    expect(p.request('query { viewer { user { displayName } } }', undefined, {})).toBeNull();
  });
});
