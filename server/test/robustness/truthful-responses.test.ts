import { gql, refreshRest, signUp } from '../support/auth';
import { CLOSED_PORT, testEnv } from '../support/env';
import { startTestApp, type TestApp } from '../support/test-app';

// Bodies are read loosely; the assertions say what must be there.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const withServices = testEnv.embedded ? it.skip : it;

async function post(t: TestApp, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${t.url}/api/v1/graphql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body,
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Json };
}

describe('every GraphQL response carries extensions.meta.requestId', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const cases: [string, string, Record<string, string>][] = [
    ['CSRF-refused (a simple content type, no preflight header)', '{ __typename }', { 'Content-Type': 'text/plain' }],
    ['batched', JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]), {}],
    ['empty body', '', {}],
    ['empty object', '{}', {}],
    ['not JSON', '{"query":', {}],
    ['unknown persisted id', JSON.stringify({ id: 'f'.repeat(64) }), {}],
    ['a plain query', JSON.stringify({ query: '{ __typename }' }), {}],
  ];
  it.each(cases)('%s', async (_label, body, headers) => {
    const res = await post(t, body, { 'X-Request-ID': 'meta-check-1', ...headers });
    expect(res.body.extensions?.meta?.requestId).toBe('meta-check-1');
    for (const error of res.body.errors ?? []) expect(error.extensions.requestId).toBe('meta-check-1');
    expect(res.status).toBeLessThan(500);
  });

  it('an APQ miss answers HTTP 400, as its body says', async () => {
    const res = await post(
      t,
      JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } }),
    );
    expect(res.body.errors[0].extensions).toMatchObject({ code: 'PERSISTED_QUERY_NOT_FOUND', status: 400 });
    expect(res.status).toBe(400);
  });
});

describe('persisted queries: the HTTP status agrees with the body', () => {
  it('PERSISTED_QUERIES=only: Apollo APQ is refused with 400, as its body says', async () => {
    const t = await startTestApp({ env: { PERSISTED_QUERIES: 'only' } });
    try {
      const res = await post(
        t,
        JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: 'b'.repeat(64) } } }),
      );
      expect(res.body.errors[0].extensions).toMatchObject({ code: 'PERSISTED_QUERY_NOT_FOUND', status: 400 });
      expect(res.status).toBe(400);
      expect(res.body.extensions.meta.requestId).toEqual(expect.any(String));
    } finally {
      await t.close();
    }
  });
});

describe('an outage answers HTTP 503', () => {
  withServices('every root field failed because PostgreSQL is down: 503 with Retry-After', async () => {
    const t = await startTestApp({ databaseUrl: `postgres://postgres@127.0.0.1:${CLOSED_PORT}/inkwell` });
    try {
      const res = await post(t, JSON.stringify({ query: '{ posts(first: 1) { edges { node { id } } } }' }));
      expect(res.body.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(res.body.extensions.meta.requestId).toEqual(expect.any(String));
    } finally {
      await t.close();
    }
  });

  withServices('every root field failed because Redis is down: 503', async () => {
    const t = await startTestApp({ redisUrl: `redis://127.0.0.1:${CLOSED_PORT}` });
    try {
      const res = await post(
        t,
        JSON.stringify({
          query: 'mutation L($input: LoginInput!) { login(input: $input) { accessToken } }',
          variables: { input: { email: 'someone@example.test', password: 'whatever-password' } },
        }),
      );
      expect(res.body.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
      expect(res.status).toBe(503);
    } finally {
      await t.close();
    }
  });

  it('a field that failed for another reason keeps HTTP 200', async () => {
    const t = await startTestApp();
    try {
      const res = await post(t, JSON.stringify({ query: '{ viewer { email } }' }), { Authorization: 'Bearer nope' });
      expect(res.status).toBe(200);
    } finally {
      await t.close();
    }
  });
});

describe('the access log tells the truth', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { INKWELL_VERSION: 'v9.9.9-test', RATE_LIMIT_REFRESH: '1000/1m' } });
  });
  afterAll(() => t.close());

  const accessLine = (requestId: string) =>
    t.logs.find((line) => line.request_id === requestId && typeof line.status_code === 'number')[0];

  it('names the same route template for every request to one endpoint, success or failure', async () => {
    const me = await signUp(t);
    await t.http().post('/api/v1/auth/refresh/').set('X-Request-ID', 'route-ok').send({ refresh: me.refresh });
    await t.http().post('/api/v1/auth/refresh').set('X-Request-ID', 'route-bad').send({ refresh: 'nope' });
    await t.http().get('/api/v1/posts/some-slug/').set('X-Request-ID', 'route-slug-1');
    await t.http().get('/api/v1/posts/other-slug').set('X-Request-ID', 'route-slug-2');
    await t.http().get('/api/v1/posts/%ff').set('X-Request-ID', 'route-slug-3');
    await t.http().post('/graphql/?x=1').set('X-Request-ID', 'route-gql').send({ query: '{ __typename }' });
    expect(accessLine('route-ok')).toMatchObject({ route: '/api/v1/auth/refresh', status_code: 200 });
    expect(accessLine('route-bad')).toMatchObject({ route: '/api/v1/auth/refresh', status_code: 401 });
    expect(accessLine('route-slug-1')).toMatchObject({ route: '/api/v1/posts/:slug', status_code: 404 });
    expect(accessLine('route-slug-2')).toMatchObject({ route: '/api/v1/posts/:slug', status_code: 404 });
    expect(accessLine('route-slug-3')).toMatchObject({ status_code: 400 });
    expect(accessLine('route-gql')).toMatchObject({ route: '/graphql', status_code: 200 });
  });

  it('GraphQL lines carry the operation error codes; every line the client address and version', async () => {
    await t
      .http()
      .post('/api/v1/graphql')
      .set('X-Request-ID', 'codes-1')
      .send({ query: 'query Broken { post(slug: 1) { id } }' });
    await gql(t, '{ viewer { email } }', {}, { headers: { 'X-Request-ID': 'codes-2', Authorization: 'Bearer x' } });
    await refreshRest(t, 'not-a-token').set('X-Request-ID', 'codes-3');
    expect(accessLine('codes-1')).toMatchObject({ error_codes: ['GRAPHQL_VALIDATION_FAILED'], status_code: 400 });
    expect(accessLine('codes-2')).toMatchObject({ error_codes: ['UNAUTHENTICATED'], status_code: 200 });
    expect(accessLine('codes-3')).toMatchObject({ error_codes: [expect.any(String)], status_code: 401 });
    for (const id of ['codes-1', 'codes-2', 'codes-3']) {
      expect(accessLine(id)).toMatchObject({
        client_address: expect.stringMatching(/127\.0\.0\.1/),
        version: 'v9.9.9-test',
      });
    }
  });
});
