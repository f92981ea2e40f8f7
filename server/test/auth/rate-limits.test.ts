import { gql, PASSWORD, register, refreshRest, signUp, uniqueEmail } from '../support/auth';
import { fromGlobalId } from '../../src/platform/ids/global-id';
import { startTestApp, withApp, type TestApp } from '../support/test-app';
import { ManualClock } from '../support/clock';

const LOGIN = 'mutation Login($input: LoginInput!) { login(input: $input) { accessToken session { id } } }';
const REGISTER = 'mutation Register($input: RegisterInput!) { register(input: $input) { user { id } } }';
const REFRESH = 'mutation Refresh($input: RefreshTokenInput!) { refreshToken(input: $input) { refreshToken } }';
const WRONG = 'not the password at all';

type Credentials = { email: string; password: string };

/** REST login, optionally as a given client address (only trusted with TRUST_PROXY). */
const loginRest = (t: TestApp, credentials: Credentials, forwardedFor?: string) => {
  const req = t.http().post('/api/v1/auth/token/');
  if (forwardedFor) req.set('X-Forwarded-For', forwardedFor);
  return req.send(only(credentials));
};

const only = ({ email, password }: Credentials): Credentials => ({ email, password });

const loginGraphQL = (t: TestApp, credentials: Credentials) => gql(t, LOGIN, { input: only(credentials) });

/** Sessions started for a user (by its global id): how many logins got past every limit. */
const sessionCount = async (t: TestApp, userId: string) =>
  Number(
    (
      await t
        .db('sessions')
        .where({ user_id: fromGlobalId(userId)!.key })
        .count<{ count: string }[]>('* as count')
    )[0]!.count,
  );

/** Several aliased fields of one mutation in one document: `a0: login(input: $i0) { … } a1: …`. */
function aliased(field: string, inputType: string, selection: string, count: number) {
  const variables = Array.from({ length: count }, (_, i) => `$i${i}: ${inputType}!`).join(', ');
  const fields = Array.from({ length: count }, (_, i) => `a${i}: ${field}(input: $i${i}) ${selection}`).join(' ');
  return `mutation Many(${variables}) { ${fields} }`;
}

describe('auth rate limits', () => {
  describe('login, per client address and account', () => {
    it('when the REST login limit is used up, answers 429 RATE_LIMITED with a Retry-After header', () =>
      withApp({ RATE_LIMIT_LOGIN: '3/1m' }, async (t) => {
        const user = await register(t);
        for (let i = 0; i < 3; i += 1) expect((await loginRest(t, user)).status).toBe(200);

        const refused = await loginRest(t, user);

        expect(refused.status).toBe(429);
        expect(refused.body).toMatchObject({ data: null, error: { code: 'RATE_LIMITED' } });
        expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
        expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
      }));

    it('when the GraphQL login limit is used up, answers RATE_LIMITED with retryAfter', () =>
      withApp({ RATE_LIMIT_LOGIN: '3/1m' }, async (t) => {
        const user = await register(t);
        for (let i = 0; i < 3; i += 1) expect((await loginGraphQL(t, user)).errors).toBeUndefined();

        const refused = await loginGraphQL(t, user);

        expect(refused.data).toBeNull();
        expect(refused.errors).toHaveLength(1);
        expect(refused.errors![0]!.extensions).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
        expect(refused.errors![0]!.extensions.retryAfter).toBeGreaterThan(0);
      }));

    it('when logins alternate between REST and GraphQL, both doors draw on one bucket', () =>
      withApp({ RATE_LIMIT_LOGIN: '4/1m' }, async (t) => {
        const user = await register(t);
        expect((await loginRest(t, user)).status).toBe(200);
        expect((await loginGraphQL(t, user)).errors).toBeUndefined();
        expect((await loginRest(t, user)).status).toBe(200);
        expect((await loginGraphQL(t, user)).errors).toBeUndefined();

        const rest = await loginRest(t, user);
        const graphql = await loginGraphQL(t, user);

        expect(rest.status).toBe(429);
        expect(graphql.errors?.[0]?.extensions.code).toBe('RATE_LIMITED');
      }));

    it('when one document holds several aliased logins, each alias consumes a hit', () =>
      withApp({ RATE_LIMIT_LOGIN: '3/1m' }, async (t) => {
        const user = await register(t);
        const query = aliased('login', 'LoginInput', '{ accessToken }', 6);
        const variables = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`i${i}`, only(user)]));

        const res = await gql(t, query, variables);

        // Exactly the limit got through to the service (each one started a session)...
        expect(await sessionCount(t, user.userId)).toBe(3);
        // ...and the aliases beyond it were refused, each with a time to wait.
        expect(res.errors?.length).toBeGreaterThanOrEqual(1);
        for (const error of res.errors ?? []) {
          expect(error.extensions).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
          expect(error.extensions.retryAfter).toBeGreaterThan(0);
        }
        expect(res.errors!.map((error) => error.path?.[0])).toContain('a3');
        // The bucket is spent for the next request too.
        expect((await loginRest(t, user)).status).toBe(429);
      }));

    it('when one document mixes auth mutations, each field consumes its own bucket', () =>
      withApp({ RATE_LIMIT_LOGIN: '2/1m', RATE_LIMIT_REGISTER: '2/1h' }, async (t) => {
        const email = uniqueEmail('mixed');
        const res = await gql(
          t,
          `mutation Mixed($r1: RegisterInput!, $r2: RegisterInput!, $l: LoginInput!) {
             r1: register(input: $r1) { user { id } }
             l1: login(input: $l) { accessToken }
             r2: register(input: $r2) { user { id } }
             l2: login(input: $l) { accessToken }
           }`,
          {
            r1: { email, password: PASSWORD },
            r2: { email: uniqueEmail('mixed'), password: PASSWORD },
            l: { email, password: PASSWORD },
          },
        );
        expect(res.errors).toBeUndefined();

        const thirdLogin = await loginGraphQL(t, { email, password: PASSWORD });
        const thirdRegister = await gql(t, REGISTER, { input: { email: uniqueEmail(), password: PASSWORD } });

        expect(thirdLogin.errors?.[0]?.extensions.code).toBe('RATE_LIMITED');
        expect(thirdRegister.errors?.[0]?.extensions.code).toBe('RATE_LIMITED');
      }));

    it('when a client batches operations in one HTTP request, it is refused with 400 and nothing runs', () =>
      withApp({ RATE_LIMIT_LOGIN: '1/1m' }, async (t) => {
        const user = await register(t);
        const operation = { query: LOGIN, variables: { input: only(user) } };

        const res = await t
          .http()
          .post('/api/v1/graphql')
          .set('Content-Type', 'application/json')
          .send([operation, operation, operation]);

        expect(res.status).toBe(400);
        expect(JSON.stringify(res.body)).not.toContain('accessToken');
        expect(await sessionCount(t, user.userId)).toBe(0);
        // Not even a rate-limit hit was spent: the single allowed login still goes through.
        expect((await loginRest(t, user)).status).toBe(200);
      }));

    it('when 20 logins arrive at once against a limit of 5, exactly 5 get past the limiter', () =>
      withApp({ RATE_LIMIT_LOGIN: '5/1m' }, async (t) => {
        const user = await register(t);

        const results = await Promise.all(Array.from({ length: 20 }, () => loginRest(t, user)));

        const statuses = results.map((res) => res.status);
        expect(statuses.filter((status) => status === 200)).toHaveLength(5);
        expect(statuses.filter((status) => status === 429)).toHaveLength(15);
        for (const res of results.filter((r) => r.status === 429)) expect(res.body.error.code).toBe('RATE_LIMITED');
        expect(await sessionCount(t, user.userId)).toBe(5);
      }));

    it('when the email varies only in case or surrounding spaces, it is the same bucket', () =>
      withApp({ RATE_LIMIT_LOGIN: '3/1m' }, async (t) => {
        const user = await register(t);
        const variants = [
          user.email.toUpperCase(),
          `  ${user.email}  `,
          `\t${user.email.replace(/^./, (c) => c.toUpperCase())}`,
        ];
        for (const email of variants) expect((await loginRest(t, { email, password: PASSWORD })).status).toBe(200);

        const refused = await loginGraphQL(t, { email: ` ${user.email.toUpperCase()} `, password: PASSWORD });

        expect(refused.errors?.[0]?.extensions.code).toBe('RATE_LIMITED');
      }));

    it('when one account is limited, another account from the same address is not', () =>
      withApp({ RATE_LIMIT_LOGIN: '2/1m' }, async (t) => {
        const alice = await register(t);
        const bob = await register(t);
        await loginRest(t, alice);
        await loginRest(t, alice);
        expect((await loginRest(t, alice)).status).toBe(429);

        expect((await loginRest(t, bob)).status).toBe(200);
      }));

    it('when TRUST_PROXY is unset, a spoofed X-Forwarded-For does not open a new bucket', () =>
      withApp({ RATE_LIMIT_LOGIN: '2/1m' }, async (t) => {
        const user = await register(t);
        expect((await loginRest(t, user, '203.0.113.1')).status).toBe(200);
        expect((await loginRest(t, user, '203.0.113.2')).status).toBe(200);

        const spoofed = await loginRest(t, user, '203.0.113.3');

        expect(spoofed.status).toBe(429);
      }));

    it('when TRUST_PROXY=1, different X-Forwarded-For addresses are different clients', () =>
      withApp({ RATE_LIMIT_LOGIN: '1/1m', TRUST_PROXY: '1' }, async (t) => {
        const user = await register(t);
        expect((await loginRest(t, user, '198.51.100.1')).status).toBe(200);
        expect((await loginRest(t, user, '198.51.100.1')).status).toBe(429);

        const other = await loginRest(t, user, '198.51.100.2');

        expect(other.status).toBe(200);
      }));
  });

  describe('failed logins, per account', () => {
    it('when an account collects N failures from many addresses, even the right password is RATE_LIMITED', () =>
      withApp({ RATE_LIMIT_LOGIN_FAILURES: '3/15m', RATE_LIMIT_LOGIN: '100/1m', TRUST_PROXY: '1' }, async (t) => {
        const user = await register(t);
        for (let i = 1; i <= 3; i += 1) {
          const failed = await loginRest(t, { email: user.email, password: WRONG }, `192.0.2.${i}`);
          expect(failed.body.error.code).toBe('UNAUTHENTICATED');
        }

        const rest = await loginRest(t, user, '192.0.2.99');
        const graphql = await gql(t, LOGIN, { input: only(user) }, { headers: { 'X-Forwarded-For': '192.0.2.100' } });

        expect(rest.status).toBe(429);
        expect(rest.body.error.code).toBe('RATE_LIMITED');
        expect(Number(rest.headers['retry-after'])).toBeGreaterThan(0);
        expect(graphql.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED' });
        expect(graphql.errors?.[0]?.extensions.retryAfter).toBeGreaterThan(0);
        expect(await sessionCount(t, user.userId)).toBe(0);
      }));

    it('when failures stay under the limit, a successful login resets the count', () =>
      withApp({ RATE_LIMIT_LOGIN_FAILURES: '3/15m', RATE_LIMIT_LOGIN: '100/1m' }, async (t) => {
        const user = await register(t);
        await loginRest(t, { email: user.email, password: WRONG });
        await loginRest(t, { email: user.email, password: WRONG });
        expect((await loginRest(t, user)).status).toBe(200);

        await loginRest(t, { email: user.email, password: WRONG });
        await loginRest(t, { email: user.email, password: WRONG });

        expect((await loginRest(t, user)).status).toBe(200);
      }));
  });

  describe('register and refresh', () => {
    it('when the register limit per address is used up, both doors refuse further sign-ups', () =>
      withApp({ RATE_LIMIT_REGISTER: '2/1h' }, async (t) => {
        await register(t);
        const viaGraphQL = await gql(t, REGISTER, { input: { email: uniqueEmail(), password: PASSWORD } });
        expect(viaGraphQL.errors).toBeUndefined();

        const email = uniqueEmail('late');
        const rest = await t.http().post('/api/v1/auth/register/').send({ email, password: PASSWORD });
        const graphql = await gql(t, REGISTER, { input: { email: uniqueEmail(), password: PASSWORD } });

        expect(rest.status).toBe(429);
        expect(rest.body.error.code).toBe('RATE_LIMITED');
        expect(Number(rest.headers['retry-after'])).toBeGreaterThan(0);
        expect(graphql.errors?.[0]?.extensions.code).toBe('RATE_LIMITED');
        expect(await t.db('users').whereRaw('lower(email) = ?', [email]).first()).toBeUndefined();
      }));

    it('when the refresh limit of a session is used up, both doors refuse and the token is not spent', () => {
      const clock = new ManualClock();
      return withApp(
        { RATE_LIMIT_REFRESH: '2/3s', RATE_LIMIT_LOGIN: '100/1m' },
        async (t) => {
          const me = await signUp(t);
          const first = await refreshRest(t, me.refresh);
          expect(first.status).toBe(200);
          const second = await gql<{ refreshToken: { refreshToken: string } }>(t, REFRESH, {
            input: { refreshToken: first.body.data.refresh },
          });
          expect(second.errors).toBeUndefined();
          const latest = second.data!.refreshToken.refreshToken;

          const rest = await refreshRest(t, latest);
          const graphql = await gql(t, REFRESH, { input: { refreshToken: latest } });

          expect(rest.status).toBe(429);
          expect(rest.body.error.code).toBe('RATE_LIMITED');
          expect(Number(rest.headers['retry-after'])).toBeGreaterThan(0);
          expect(graphql.errors?.[0]?.extensions.code).toBe('RATE_LIMITED');
          // Refused before the service: once the window has passed, the same token still rotates.
          clock.advance(3_100);
          expect((await refreshRest(t, latest)).status).toBe(200);
        },
        clock,
      );
    });
  });
});

describe('limits added after review', () => {
  it('limits logins per client address across accounts (credential stuffing)', async () => {
    const t = await startTestApp({ env: { RATE_LIMIT_LOGIN_ADDRESS: '3/1m' } });
    try {
      const statuses = [];
      for (let i = 0; i < 4; i += 1) {
        const res = await t
          .http()
          .post('/api/v1/auth/token/')
          .send({ email: `nobody-${i}@example.test`, password: 'whatever-pass' });
        statuses.push(res.status);
      }
      expect(statuses).toEqual([401, 401, 401, 429]);
    } finally {
      await t.close();
    }
  });

  it('counts concurrent failed guesses atomically against the per-account limit', async () => {
    const t = await startTestApp({
      env: { RATE_LIMIT_LOGIN_FAILURES: '3/15m', RATE_LIMIT_LOGIN: '100/1m', TRUST_PROXY: '1' },
    });
    try {
      const user = await register(t);
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          t
            .http()
            .post('/api/v1/auth/token/')
            .set('X-Forwarded-For', `203.0.113.${i + 1}`)
            .send({ email: user.email, password: 'wrong password!' }),
        ),
      );
      const codes = results.map((res) => res.body.error.code).sort();
      expect(codes.filter((code) => code === 'UNAUTHENTICATED')).toHaveLength(3);
      expect(codes.filter((code) => code === 'RATE_LIMITED')).toHaveLength(7);
    } finally {
      await t.close();
    }
  });

  it('keys login buckets by a fixed-size hash of the normalised email', async () => {
    const { loginSubject } = await import('../../src/modules/auth/auth.limits');
    expect(loginSubject('  Ada@Example.TEST ')).toBe(loginSubject('ada@example.test'));
    expect(loginSubject('x'.repeat(1000))).toHaveLength(43);
    expect(loginSubject('x'.repeat(100_000))).toBe('');
  });
});
