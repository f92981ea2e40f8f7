import { parseList } from 'structured-headers';
import { gql, register, signUp } from '../support/auth';
import { withApp } from '../support/test-app';

const LOGIN = 'mutation Login($input: LoginInput!) { login(input: $input) { accessToken } }';

/** `"name";q=5;w=60, …` as {name: {q, w}}, read with the same structured-fields parser clients use. */
function fields(header: string | string[] | undefined): Record<string, Record<string, unknown>> {
  expect(typeof header).toBe('string');
  return Object.fromEntries(parseList(header as string).map(([name, params]) => [name, Object.fromEntries(params)]));
}

describe('limits a client can see', () => {
  describe('REST', () => {
    it('a limited route names its policy and what is left of it on a success', () =>
      withApp({ RATE_LIMIT_REGISTER: '3/1h' }, async (t) => {
        const res = await t
          .http()
          .post('/api/v1/auth/register/')
          .send({ email: `a-${Date.now()}@example.test`, password: 'correct horse battery' });

        expect(res.status).toBe(201);
        expect(fields(res.headers['ratelimit-policy'])).toEqual({ register: { q: 3, w: 3600 } });
        const left = fields(res.headers['ratelimit']).register!;
        expect(left.r).toBe(2);
        expect(left.t).toBeGreaterThan(3590);
        expect(left.t).toBeLessThanOrEqual(3600);
      }));

    it('a route under two limits lists both, and an error answer carries them too', () =>
      withApp({ RATE_LIMIT_LOGIN: '5/1m', RATE_LIMIT_LOGIN_ADDRESS: '50/2m' }, async (t) => {
        const res = await t.http().post('/api/v1/auth/token/').send({ email: 'nobody@example.test', password: 'x' });

        expect(res.status).toBe(401);
        expect(fields(res.headers['ratelimit-policy'])).toEqual({
          'login-address': { q: 50, w: 120 },
          login: { q: 5, w: 60 },
        });
        expect(fields(res.headers['ratelimit'])).toMatchObject({ 'login-address': { r: 49 }, login: { r: 4 } });
      }));

    it('on 429, RateLimit shows nothing left, Retry-After and error.details.retry_after agree', () =>
      withApp({ RATE_LIMIT_REFRESH_ADDRESS: '2/1m' }, async (t) => {
        for (let i = 0; i < 2; i += 1) {
          const res = await t.http().post('/api/v1/auth/refresh/').send({ refresh: 'not-a-token' });
          expect(res.status).toBe(401);
          expect(fields(res.headers['ratelimit'])['refresh-address']!.r).toBe(1 - i);
        }

        const refused = await t.http().post('/api/v1/auth/refresh/').send({ refresh: 'not-a-token' });

        expect(refused.status).toBe(429);
        expect(refused.body.error).toMatchObject({ code: 'RATE_LIMITED' });
        const retryAfter = Number(refused.headers['retry-after']);
        expect(retryAfter).toBeGreaterThan(0);
        expect(retryAfter).toBeLessThanOrEqual(60);
        expect(refused.body.error.details.retry_after).toBe(retryAfter);
        expect(fields(refused.headers['ratelimit'])['refresh-address']).toMatchObject({ r: 0 });
        expect(fields(refused.headers['ratelimit-policy'])).toEqual({ 'refresh-address': { q: 2, w: 60 } });
      }));

    it('a limit counted by the service (refresh, per session once the token is verified) is listed too', () =>
      withApp({ RATE_LIMIT_REFRESH: '7/1m', RATE_LIMIT_REFRESH_ADDRESS: '70/1m' }, async (t) => {
        const me = await signUp(t);

        const res = await t.http().post('/api/v1/auth/refresh/').send({ refresh: me.refresh });

        expect(res.status).toBe(200);
        expect(fields(res.headers['ratelimit-policy'])).toEqual({
          'refresh-address': { q: 70, w: 60 },
          'refresh-session': { q: 7, w: 60 },
        });
        expect(fields(res.headers['ratelimit'])).toMatchObject({
          'refresh-address': { r: 69 },
          'refresh-session': { r: 6 },
        });
      }));

    it('a route under no limit sends no RateLimit fields', () =>
      withApp({}, async (t) => {
        const res = await t.http().get('/api/v1/posts/');

        expect(res.status).toBe(200);
        expect(res.headers['ratelimit']).toBeUndefined();
        expect(res.headers['ratelimit-policy']).toBeUndefined();
      }));
  });

  describe('GraphQL', () => {
    it('every response carries the operation cost and the ceiling in extensions.cost', () =>
      withApp({ GRAPHQL_MAX_COST: '500' }, async (t) => {
        const res = await t
          .http()
          .post('/api/v1/graphql')
          .send({ query: '{ posts(first: 10) { edges { node { id title } } } }' });

        expect(res.status).toBe(200);
        expect(res.body.errors).toBeUndefined();
        // posts 1 + 10 × (edges 1 + node 1 + id 1 + title 1)
        expect(res.body.extensions.cost).toEqual({ requestedQueryCost: 41, maximumCost: 500 });
      }));

    it('an operation refused as too expensive still says what it cost', () =>
      withApp({ GRAPHQL_MAX_COST: '30' }, async (t) => {
        const res = await t
          .http()
          .post('/api/v1/graphql')
          .send({ query: '{ posts(first: 10) { edges { node { id title } } } }' });

        expect(res.status).toBe(400);
        expect(res.body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
        expect(res.body.extensions.cost).toEqual({ requestedQueryCost: 41, maximumCost: 30 });
      }));

    it('when a rate limit refuses every root field, the answer is HTTP 429 with Retry-After', () =>
      withApp({ RATE_LIMIT_LOGIN: '1/1m' }, async (t) => {
        const user = await register(t);
        const input = { email: user.email, password: user.password };
        expect((await gql(t, LOGIN, { input })).status).toBe(200);

        const refused = await gql(t, LOGIN, { input });
        const both = await gql(
          t,
          `mutation Two($input: LoginInput!, $refresh: RefreshTokenInput!) {
            login(input: $input) { accessToken }
            refreshToken(input: $refresh) { accessToken }
          }`,
          { input, refresh: { refreshToken: 'not-a-token' } },
        );

        expect(refused.status).toBe(429);
        expect(refused.errors![0]!.extensions.code).toBe('RATE_LIMITED');
        expect(Number(refused.headers['retry-after'])).toBe(refused.errors![0]!.extensions.retryAfter);
        expect(both.status).toBe(429);
        // The refused login stopped the mutation: refreshToken never ran.
        expect(both.errors!.map((error) => error.extensions.code)).toEqual(['RATE_LIMITED']);
      }));

    it('when an earlier mutation field ran before a refusal, the answer stays 200', () =>
      withApp({ RATE_LIMIT_LOGIN: '1/1m' }, async (t) => {
        const user = await register(t);
        const input = { email: user.email, password: user.password };
        expect((await gql(t, LOGIN, { input })).status).toBe(200);

        const mixed = await t
          .http()
          .post('/api/v1/graphql')
          .send({
            query: `mutation Mixed($register: RegisterInput!, $input: LoginInput!) {
              register(input: $register) { user { id } }
              login(input: $input) { accessToken }
            }`,
            variables: { input, register: { email: `mixed-${Date.now()}@example.test`, password: user.password } },
          });

        // register ran (the account exists now): not a rate-limited request as a whole.
        expect(mixed.status).toBe(200);
        expect(mixed.body.errors.map((error: { extensions: { code: string } }) => error.extensions.code)).toEqual([
          'RATE_LIMITED',
        ]);
      }));
  });

  describe('CORS', () => {
    const ORIGIN = 'https://app.example.test';

    it('a preflight from an allowed origin is cacheable and offers only the methods the API has', () =>
      withApp({ CORS_ORIGINS: ORIGIN }, async (t) => {
        const res = await t
          .http()
          .options('/api/v1/auth/token/')
          .set('Origin', ORIGIN)
          .set('Access-Control-Request-Method', 'POST')
          .set('Access-Control-Request-Headers', 'content-type,authorization');

        expect(res.status).toBe(204);
        expect(res.headers['access-control-allow-origin']).toBe(ORIGIN);
        expect(res.headers['access-control-max-age']).toBe('7200');
        expect(res.headers['access-control-allow-methods']).toBe('GET,HEAD,POST');
      }));

    it('a cross-origin answer lets the page read the request id and the rate-limit headers', () =>
      withApp({ CORS_ORIGINS: ORIGIN }, async (t) => {
        const res = await t.http().post('/api/v1/auth/refresh/').set('Origin', ORIGIN).send({ refresh: 'x' });

        const exposed = String(res.headers['access-control-expose-headers']).split(',');
        expect(exposed).toEqual(
          expect.arrayContaining(['X-Request-ID', 'RateLimit-Policy', 'RateLimit', 'Retry-After']),
        );
        expect(res.headers['ratelimit']).toBeDefined();
      }));

    it('another origin gets no CORS grant', () =>
      withApp({ CORS_ORIGINS: ORIGIN }, async (t) => {
        const res = await t
          .http()
          .options('/api/v1/graphql')
          .set('Origin', 'https://evil.example.test')
          .set('Access-Control-Request-Method', 'POST');

        expect(res.headers['access-control-allow-origin']).toBeUndefined();
      }));
  });
});
