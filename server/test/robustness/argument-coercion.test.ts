import { gql } from '../support/auth';
import { startTestApp, type TestApp } from '../support/test-app';
import { toGlobalId } from '../../src/platform/ids/global-id';

/**
 * Arguments graphql-js (or graphql-jit) coerces while it runs a field, after the variables were
 * accepted: the caller's input, answered as such on either engine, never masked as an internal
 * error.
 */
describe.each([
  ['graphql-jit', 'true'],
  ['graphql-js', 'false'],
])('run-time argument errors on %s', (_engine, jit) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { GRAPHQL_JIT: jit, RESPONSE_CACHE: 'off' } });
  });
  afterAll(() => t.close());

  const someId = toGlobalId('Post', '8d7c3b6e-0000-4000-8000-000000000001');

  it('an explicit null for a non-null argument, through a nullable variable with a default', async () => {
    const res = await gql(t, `query N($x: ID = "${someId}") { node(id: $x) { id } }`, { x: null });
    expect(res.errors?.map((error) => error.extensions.code)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors?.[0]?.message).toMatch(/^Argument "id" of non-null type "ID!" must not be null\.$/);
  });

  it('an explicit null inside a list literal, through a nullable variable with a default', async () => {
    for (const ids of ['[$x]', '[$x, "b"]']) {
      const res = await gql(t, `query N($x: ID = "${someId}") { nodes(ids: ${ids}) { id } }`, { x: null });
      const codes = (res.errors ?? []).map((error) => error.extensions.code);
      expect([ids, codes.filter((code) => code !== 'BAD_USER_INPUT')]).toEqual([ids, []]);
    }
  });

  it('a variable named like an inherited property, given as its own', async () => {
    const res = await t
      .http()
      .post('/api/v1/graphql')
      .set('Content-Type', 'application/json')
      .send(
        `{"query":"query N($__proto__: ID!) { node(id: $__proto__) { id } }","variables":{"__proto__":"${someId}"}}`,
      );
    expect(res.status).toBeLessThan(500);
    const codes = (res.body.errors ?? []).map((error: { extensions: { code: string } }) => error.extensions.code);
    expect(codes).not.toContain('INTERNAL_SERVER_ERROR');
  });
});
