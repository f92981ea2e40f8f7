import { AppError } from '../../src/platform/errors/app-error';
import { createJitGateway, LruCache, toGraphQLError } from '../../src/platform/graphql/jit-executor';
import { toGlobalId } from '../../src/platform/ids/global-id';
import { createHash } from 'node:crypto';
import { buildSchema, getOperationAST, GraphQLError, parse, type GraphQLInterfaceType } from 'graphql';
import { createLogger } from '../../src/platform/observability/logger';
import { createPost, signUpAuthor, startPostsApp, type Author, type PostView } from '../posts/posts-support';
import type { TestApp } from '../support/test-app';

/**
 * GRAPHQL_JIT (on by default, so the rest of the suite runs on graphql-jit) must not change a
 * single byte clients see: the same operations against an app on graphql-js and one on
 * graphql-jit answer the same status, cache header and body (request ids aside).
 */
describe('GraphQL execution with graphql-jit', () => {
  let jit: TestApp;
  let interpreted: TestApp;
  let author: Author;
  let post: PostView;

  const registerTestNodes = (t: TestApp) => {
    t.app.services.nodes.register('Explosive', async () => {
      throw new Error('duplicate key value violates unique constraint "users_email_key" at 10.0.0.5');
    });
    t.app.services.nodes.register('Thrown', async () => {
      throw 'a string, not an Error';
    });
    t.app.services.nodes.register('Forbidden', async () => {
      throw new AppError('FORBIDDEN', 'You may not see this.', { details: { why: 'test' } });
    });
    // A User without its non-null displayName: graphql's own "Cannot return null" error (these
    // two apps resolve no real User through `node`).
    t.app.services.nodes.register('User', async (keys) => keys.map(() => ({ id: 'x', displayName: null })));
  };

  beforeAll(async () => {
    // Compares the two executors, so every request must execute (no shared response cache).
    jit = await startPostsApp({ env: { RESPONSE_CACHE: 'off' } });
    interpreted = await startPostsApp({ env: { GRAPHQL_JIT: 'false', RESPONSE_CACHE: 'off' } });
    expect(jit.config.graphql.jit).toBe(true);
    expect(interpreted.config.graphql.jit).toBe(false);
    registerTestNodes(jit);
    registerTestNodes(interpreted);
    author = await signUpAuthor(jit);
    post = await createPost(jit, author, { title: 'Compiled once', status: 'PUBLISHED' });
  });
  afterAll(async () => {
    await jit.close();
    await interpreted.close();
  });

  async function both(body: object, token?: string) {
    const send = async (t: TestApp) => {
      let req = t.http().post('/api/v1/graphql').set('Content-Type', 'application/json').set('X-Request-ID', 'same-id');
      if (token) req = req.set('Authorization', `Bearer ${token}`);
      const res = await req.send(body);
      return { status: res.status, cacheControl: res.headers['cache-control'], body: res.body as unknown };
    };
    const [a, b] = [await send(jit), await send(interpreted)];
    expect(a).toEqual(b);
    return a;
  }

  const postNode = () => ({
    query: `query Post($id: ID!) { node(id: $id) { __typename id ... on Post { title status publishedAt
      author { id displayName posts(first: 2) { edges { cursor node { id title } } pageInfo { hasNextPage endCursor } } } } } }`,
    variables: { id: post.id },
  });

  it('answers a query exactly as graphql-js does, with no-store and meta.requestId', async () => {
    const res = await both(postNode());
    expect(res.status).toBe(200);
    expect(res.cacheControl).toBe('no-store');
    expect(res.body).toMatchObject({
      data: { node: { __typename: 'Post', id: post.id, title: 'Compiled once', author: { id: author.userId } } },
      extensions: { meta: { requestId: 'same-id' } },
    });
  });

  it('maps resolver errors the same way: AppError, masked errors, non-Error throws, null in non-null', async () => {
    const ids = ['Forbidden', 'Explosive', 'Thrown', 'User'].map((type) => toGlobalId(type, '1'));
    const res = await both({
      query: `query ($a: ID!, $b: ID!, $c: ID!, $d: ID!) {
        a: node(id: $a) { id } b: node(id: $b) { id } c: node(id: $c) { id }
        d: node(id: $d) { ... on User { displayName } } }`,
      variables: { a: ids[0], b: ids[1], c: ids[2], d: ids[3] },
    });
    const errors = (res.body as { errors: { path: string[]; extensions: { code: string } }[] }).errors;
    expect(errors.map((error) => [error.path[0], error.extensions.code]).sort()).toEqual([
      ['a', 'FORBIDDEN'],
      ['b', 'INTERNAL_SERVER_ERROR'],
      ['c', 'INTERNAL_SERVER_ERROR'],
      ['d', 'INTERNAL_SERVER_ERROR'],
    ]);
    expect(JSON.stringify(res.body)).not.toMatch(/duplicate|10\.0\.0\.5|a string/);
  });

  it('keeps @Authorized, the viewer and a rejected token', async () => {
    const mutation = { query: 'mutation { createPost(input: { title: "x", body: "y" }) { post { id } } }' };
    const anonymous = await both(mutation);
    expect(anonymous.body).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
    const badToken = await both({ query: '{ viewer { email } }' }, 'not-a-token');
    expect((badToken.body as { errors: unknown[] }).errors).toHaveLength(1);
    const viewer = await both({ query: '{ viewer { email user { id } } }' }, author.access);
    expect(viewer.body).toMatchObject({ data: { viewer: { email: author.email, user: { id: author.userId } } } });
  });

  it('reports argument validation and bad cursors as BAD_USER_INPUT', async () => {
    const invalid = await both(
      { query: 'mutation { createPost(input: { title: "", body: "y" }) { post { id } } }' },
      author.access,
    );
    expect(invalid.body).toMatchObject({ errors: [{ extensions: { code: 'BAD_USER_INPUT' } }] });
    const cursor = await both({ query: '{ posts(first: 1, after: "nope") { edges { cursor } } }' });
    expect(cursor.body).toMatchObject({ errors: [{ path: ['posts'], extensions: { code: 'BAD_USER_INPUT' } }] });
  });

  it('reports variable errors and unresolvable operations as graphql-js does', async () => {
    const variables = await both({
      query: 'query ($n: Int) { posts(first: $n) { edges { cursor } } }',
      variables: { n: 'x' },
    });
    expect(variables.status).toBe(400);
    expect(variables.cacheControl).toBe('no-store');
    expect(variables.body).toMatchObject({ errors: [{ extensions: { code: 'BAD_USER_INPUT' } }] });
    const missing = await both({ query: 'query ($ids: [ID!]!) { nodes(ids: $ids) { id } }' });
    expect(missing.status).toBe(400);
    const two = 'query A { nodes(ids: []) { id } } query B { node(id: "x") { id } }';
    const ambiguous = await both({ query: two });
    expect(ambiguous.status).toBe(400);
    const named = await both({ query: two, operationName: 'B' });
    expect(named.body).toMatchObject({ data: { node: null } });
    const unknown = await both({ query: two, operationName: 'C' });
    expect(unknown.status).toBe(400);
  });

  it('runs mutations one after the other', async () => {
    const res = await both(
      {
        query: `mutation { a: createPost(input: { title: "first", body: "b" }) { post { title } }
          b: createPost(input: { title: "second", body: "b" }) { post { title } } }`,
      },
      author.access,
    );
    expect(res.body).toMatchObject({ data: { a: { post: { title: 'first' } }, b: { post: { title: 'second' } } } });
  });
});

describe('jit-executor units', () => {
  const logger = createLogger('silent');
  const request = (query: string, operationName?: string) => {
    const document = parse(query);
    const operation = getOperationAST(document, operationName);
    return {
      document,
      operation,
      operationName: operation?.name?.value ?? null,
      queryHash: createHash('sha256').update(query).digest('hex'),
      request: { query, operationName },
      context: {},
    } as unknown as Parameters<Executor>[0];
  };
  type Executor = NonNullable<Awaited<ReturnType<ReturnType<typeof createJitGateway>['load']>>['executor']>;

  it('compiles an operation once, per document and operation name, and tells Apollo the schema', async () => {
    const schema = buildSchema('type Query { hello: String }');
    schema.getQueryType()!.getFields().hello!.resolve = () => 'world';
    const gateway = createJitGateway({ schema, logger });
    const loaded: unknown[] = [];
    gateway.onSchemaLoadOrUpdate((context) => loaded.push(context.apiSchema));
    const { executor } = await gateway.load({ apollo: {} });
    expect(loaded).toEqual([schema]);
    const text = 'query A { hello } query B { b: hello }';
    expect(await executor!(request(text, 'A'))).toEqual({ data: { hello: 'world' } });
    expect(await executor!(request(text, 'A'))).toEqual({ data: { hello: 'world' } });
    expect(gateway.cache.size).toBe(1);
    expect(await executor!(request(text, 'B'))).toEqual({ data: { b: 'world' } });
    expect(gateway.cache.size).toBe(2);
    await gateway.stop();
  });

  it('runs operations on an abstract type with an async resolveType on graphql-js', async () => {
    const schema = buildSchema(
      'interface Named { name: String } type Cat implements Named { name: String } type Query { pet: Named }',
    );
    (schema.getType('Named') as GraphQLInterfaceType).resolveType = async () => 'Cat';
    schema.getQueryType()!.getFields().pet!.resolve = () => ({ name: 'Tom' });
    const gateway = createJitGateway({ schema, logger });
    const { executor } = await gateway.load({ apollo: {} });
    expect(await executor!(request('{ pet { __typename name } }'))).toEqual({
      data: { pet: { __typename: 'Cat', name: 'Tom' } },
    });
  });

  it('LruCache evicts the least recently used entry', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1);
    cache.set('c', 3);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.get('c')).toBe(3);
    expect(cache.size).toBe(2);
  });

  it('turns a graphql-jit error into a graphql-js GraphQLError with path, locations and original error', () => {
    const original = new AppError('NOT_FOUND', 'gone');
    const error = toGraphQLError({
      message: 'gone',
      locations: [{ line: 1, column: 3 }],
      path: ['a', 0],
      originalError: original,
    });
    expect(error).toBeInstanceOf(GraphQLError);
    expect(error.constructor).toBe(GraphQLError);
    expect(error.originalError).toBe(original);
    expect(error.toJSON()).toEqual({ message: 'gone', locations: [{ line: 1, column: 3 }], path: ['a', 0] });
    const thrown = toGraphQLError({ message: 'x', path: ['b'], originalError: 'plain string' });
    expect(thrown.originalError).toMatchObject({ name: 'NonErrorThrown', thrownValue: 'plain string' });
  });
});
