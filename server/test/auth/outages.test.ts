import { gql, PASSWORD, register, refreshRest, signUp, uniqueEmail, type SignedIn } from '../support/auth';
import { fromGlobalId } from '../../src/platform/ids/global-id';
import { testEnv } from '../support/env';
import { TcpProxy, viaProxy } from '../support/tcp-proxy';
import { startTestApp, type TestApp } from '../support/test-app';

const withServices = testEnv.embedded ? it.skip : it;

const LOGIN = 'mutation Login($input: LoginInput!) { login(input: $input) { accessToken } }';
const REFRESH = 'mutation Refresh($input: RefreshTokenInput!) { refreshToken(input: $input) { refreshToken } }';
const VIEWER_EMAIL = '{ viewer { email } }';
/** "Within a few seconds": the app must fail fast, never hang on a dead dependency. */
const PROMPT_MS = 3_000;

/** Takes one dependency down and brings it back (a TcpProxy must not be started twice). */
class Switch {
  down = false;
  constructor(readonly proxy: TcpProxy) {}
  async stop() {
    await this.proxy.stop();
    this.down = true;
  }
  async start() {
    if (!this.down) return;
    await this.proxy.start();
    this.down = false;
  }
}

interface Outage {
  t: TestApp;
  pg: Switch;
  redis: Switch;
}

/** An app that reaches PostgreSQL and Redis through TCP proxies a test can cut and restore. */
async function withProxiedApp(body: (outage: Outage) => Promise<void>) {
  const pgUrl = new URL(testEnv.databaseUrl!);
  const redisUrl = new URL(testEnv.redisUrl!);
  const pgProxy = new TcpProxy(pgUrl.hostname, Number(pgUrl.port || 5432));
  const redisProxy = new TcpProxy(redisUrl.hostname, Number(redisUrl.port || 6379));
  await pgProxy.start();
  await redisProxy.start();
  const [pg, redis] = [new Switch(pgProxy), new Switch(redisProxy)];
  const t = await startTestApp({
    databaseUrl: viaProxy(testEnv.databaseUrl!, pgProxy),
    redisUrl: viaProxy(testEnv.redisUrl!, redisProxy),
    env: { RATE_LIMIT_LOGIN: '100/1m', RATE_LIMIT_REFRESH: '1000/1m' },
  });
  try {
    await body({ t, pg, redis });
  } finally {
    // Back up before closing, so the app can delete its Redis keys on the way out.
    await pg.start();
    await redis.start();
    await untilHealthy(t, '/health/cache/', false);
    await t.close();
    await pgProxy.stop();
    await redisProxy.stop();
  }
}

/** Runs `call`, asserting it answered within PROMPT_MS. */
async function promptly<T>(call: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const result = await call();
  expect(Date.now() - started).toBeLessThan(PROMPT_MS);
  return result;
}

/** Waits until the app reports `path` healthy again after a dependency came back. */
async function untilHealthy(t: TestApp, path: '/health/db/' | '/health/cache/', assert = true) {
  const deadline = Date.now() + 10_000;
  let status = 0;
  while (Date.now() < deadline) {
    status = (await t.http().get(path)).status;
    if (status === 200) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  if (assert) expect(status).toBe(200);
  return false;
}

const expectUnavailable = (res: { status: number; body: { data: unknown; error: { code: string } | null } }) => {
  expect(res.status).toBe(503);
  expect(res.body.data).toBeNull();
  expect(res.body.error?.code).toBe('SERVICE_UNAVAILABLE');
};

describe('auth when a dependency is down', () => {
  describe('Redis (rate limits, revocation)', () => {
    withServices('when Redis is down, login answers 503 SERVICE_UNAVAILABLE on both doors, promptly', () =>
      withProxiedApp(async ({ t, redis }) => {
        const user = await register(t);
        await redis.stop();

        const rest = await promptly(() =>
          t.http().post('/api/v1/auth/token/').send({ email: user.email, password: PASSWORD }),
        );
        const graphql = await promptly(() => gql(t, LOGIN, { input: { email: user.email, password: PASSWORD } }));

        expectUnavailable(rest);
        expect(Number(rest.headers['retry-after'])).toBeGreaterThan(0);
        expect(graphql.data).toBeNull();
        expect(graphql.errors?.map((error) => error.extensions.code)).toEqual(['SERVICE_UNAVAILABLE']);
      }),
    );

    withServices('when Redis is down, register answers 503 and creates no account', () =>
      withProxiedApp(async ({ t, redis }) => {
        await redis.stop();
        const email = uniqueEmail('down');

        const res = await promptly(() => t.http().post('/api/v1/auth/register/').send({ email, password: PASSWORD }));

        expectUnavailable(res);
        expect(await t.db('users').whereRaw('lower(email) = ?', [email]).first()).toBeUndefined();
      }),
    );

    withServices('when Redis is down, refresh answers 503 and does not spend the token', () =>
      withProxiedApp(async ({ t, redis }) => {
        const me = await signUp(t);
        await redis.stop();

        const rest = await promptly(() => refreshRest(t, me.refresh));
        const graphql = await promptly(() => gql(t, REFRESH, { input: { refreshToken: me.refresh } }));

        expectUnavailable(rest);
        expect(graphql.data).toBeNull();
        expect(graphql.errors?.map((error) => error.extensions.code)).toEqual(['SERVICE_UNAVAILABLE']);

        await redis.start();
        await untilHealthy(t, '/health/cache/');
        const after = await refreshRest(t, me.refresh);
        expect(after.status).toBe(200);
        expect(after.body.data.session.id).toBe(me.sessionId);
      }),
    );

    withServices(
      'when Redis is down, an authenticated request is refused with SERVICE_UNAVAILABLE, never answered',
      () =>
        withProxiedApp(async ({ t, redis }) => {
          const me = await signUp(t);
          expect((await gql(t, VIEWER_EMAIL, {}, { token: me.access })).data).toEqual({ viewer: { email: me.email } });
          await redis.stop();

          const res = await promptly(() => gql(t, VIEWER_EMAIL, {}, { token: me.access }));

          expect(res.errors?.map((error) => error.extensions.code)).toEqual(['SERVICE_UNAVAILABLE']);
          expect(res.data?.viewer ?? null).toBeNull();
          expect(JSON.stringify(res)).not.toContain(me.email);
        }),
    );

    withServices('when Redis is down, an authenticated mutation does not run unchecked', () =>
      withProxiedApp(async ({ t, redis }) => {
        const me: SignedIn = await signUp(t);
        const other = await t
          .http()
          .post('/api/v1/auth/token/')
          .send({ email: me.email, password: PASSWORD, device: 'other' });
        await redis.stop();

        const res = await promptly(() =>
          gql(t, 'mutation { revokeAllSessions(input: {}) { revokedCount } }', {}, { token: me.access }),
        );

        expect(res.data).toBeNull();
        expect(res.errors?.map((error) => error.extensions.code)).toEqual(['SERVICE_UNAVAILABLE']);
        const row = await t
          .db('sessions')
          .where({ id: fromGlobalId(other.body.data.session.id)!.key })
          .first();
        expect(row.revoked_at).toBeNull();
      }),
    );
  });

  describe('PostgreSQL (users, sessions)', () => {
    withServices('when PostgreSQL is down during refresh, answers 503 and the same token works once it is back', () =>
      withProxiedApp(async ({ t, pg }) => {
        const me = await signUp(t);
        await pg.stop();

        const rest = await promptly(() => refreshRest(t, me.refresh));
        const graphql = await promptly(() => gql(t, REFRESH, { input: { refreshToken: me.refresh } }));

        expectUnavailable(rest);
        expect(graphql.data).toBeNull();
        expect(graphql.errors?.map((error) => error.extensions.code)).toEqual(['SERVICE_UNAVAILABLE']);

        await pg.start();
        await untilHealthy(t, '/health/db/');
        const after = await refreshRest(t, me.refresh);
        expect(after.status).toBe(200);
        // Nothing was half-done: the rotated token rotates again, the chain is intact.
        expect((await refreshRest(t, after.body.data.refresh)).status).toBe(200);
      }),
    );

    withServices('when PostgreSQL is down, login answers 503 on both doors, not 401 and not 500', () =>
      withProxiedApp(async ({ t, pg }) => {
        const user = await register(t);
        await pg.stop();

        const rest = await promptly(() =>
          t.http().post('/api/v1/auth/token/').send({ email: user.email, password: PASSWORD }),
        );
        const graphql = await promptly(() => gql(t, LOGIN, { input: { email: user.email, password: PASSWORD } }));

        expectUnavailable(rest);
        expect(graphql.errors?.map((error) => error.extensions.code)).toEqual(['SERVICE_UNAVAILABLE']);

        await pg.start();
        await untilHealthy(t, '/health/db/');
        expect(
          (await t.http().post('/api/v1/auth/token/').send({ email: user.email, password: PASSWORD })).status,
        ).toBe(200);
      }),
    );
  });
});
