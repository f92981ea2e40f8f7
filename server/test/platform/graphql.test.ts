import { AppError } from '../../src/platform/errors/app-error';
import { startTestApp, type TestApp } from '../support/test-app';
import { toGlobalId } from '../../src/platform/ids/global-id';

describe('GraphQL platform', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    t.app.services.nodes.register('Explosive', async () => {
      throw new Error('duplicate key value violates unique constraint "users_email_key" at 10.0.0.5');
    });
    t.app.services.nodes.register('Forbidden', async () => {
      throw new AppError('FORBIDDEN', 'You may not see this.', { details: { why: 'test' } });
    });
  });
  afterAll(() => t.close());

  const gql = (body: object, path = '/api/v1/graphql') =>
    t.http().post(path).set('Content-Type', 'application/json').send(body);

  it('serves v1 at /api/v1/graphql and the /graphql alias, with meta.requestId', async () => {
    for (const path of ['/api/v1/graphql', '/graphql']) {
      const res = await gql({ query: '{ nodes(ids: []) { id } }' }, path).set('X-Request-ID', `gql-${path.length}`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        data: { nodes: [] },
        extensions: { meta: { requestId: `gql-${path.length}` }, cost: { requestedQueryCost: 2, maximumCost: 5000 } },
      });
    }
  });

  it('maps an AppError to extensions {code, status, requestId, details}', async () => {
    const res = await gql({ query: `{ node(id: "${toGlobalId('Forbidden', '1')}") { id } }` }).set(
      'X-Request-ID',
      'app-err',
    );
    expect(res.body.errors[0]).toMatchObject({
      message: 'You may not see this.',
      path: ['node'],
      extensions: { code: 'FORBIDDEN', status: 403, requestId: 'app-err', details: { why: 'test' } },
    });
    expect(res.body.extensions.meta.requestId).toBe('app-err');
  });

  it('masks unexpected errors: no SQL, no addresses, no stack', async () => {
    const res = await gql({ query: `{ node(id: "${toGlobalId('Explosive', '1')}") { id } }` }).set(
      'X-Request-ID',
      'masked',
    );
    expect(res.body.errors[0].extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', status: 500, requestId: 'masked' });
    expect(res.text).not.toMatch(/duplicate|constraint|10\.0\.0\.5|stacktrace/);
  });

  it('reports a parse error as GRAPHQL_PARSE_FAILED with the request id', async () => {
    const res = await gql({ query: '{ nodes(ids: []) { id }' }).set('X-Request-ID', 'parse');
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions).toEqual({ code: 'GRAPHQL_PARSE_FAILED', status: 400, requestId: 'parse' });
    expect(res.body.extensions.meta.requestId).toBe('parse');
  });

  it('reports an unknown field as GRAPHQL_VALIDATION_FAILED', async () => {
    const res = await gql({ query: '{ nope }' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('reports bad variables as BAD_USER_INPUT', async () => {
    const res = await gql({ query: 'query Q($ids: [ID!]!) { nodes(ids: $ids) { id } }', variables: { ids: null } });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('refuses HTTP batching', async () => {
    const res = await t
      .http()
      .post('/api/v1/graphql')
      .set('Content-Type', 'application/json')
      .send([{ query: '{ __typename }' }, { query: '{ __typename }' }]);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).not.toContain('"__typename":"Query"');
  });

  it('refuses a simple cross-site GET without a preflight header (CSRF prevention)', async () => {
    const res = await t.http().get('/api/v1/graphql').query({ query: '{ __typename }' });
    expect(res.status).toBe(400);
    const ok = await t
      .http()
      .get('/api/v1/graphql')
      .set('apollo-require-preflight', 'true')
      .query({ query: '{ __typename }' });
    expect(ok.body.data).toEqual({ __typename: 'Query' });
  });

  it('resolves nodes in order, null for unknown or malformed ids', async () => {
    const res = await gql({ query: '{ nodes(ids: ["garbage", "", "VW5rbm93bjox"]) { id } }' });
    expect(res.body.data.nodes).toEqual([null, null, null]);
  });
});
