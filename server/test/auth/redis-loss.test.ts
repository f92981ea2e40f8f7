import { fromGlobalId } from '../../src/platform/ids/global-id';
import { type RedisStore } from '../../src/platform/shared-store/redis-store';
import { gql, login, PASSWORD, register, type SignedIn } from '../support/auth';
import { testEnv } from '../support/env';
import { startPrivateRedis, whenReady, type PrivateRedis } from '../support/private-redis';
import { startReplica, startTestApp, type Replica, type TestApp } from '../support/test-app';

const withServices = testEnv.embedded ? describe.skip : describe;

const VIEWER_EMAIL = '{ viewer { email } }';
const TYPENAME = '{ __typename }';
const REVOKE = 'mutation Revoke($input: RevokeSessionInput!) { revokeSession(input: $input) { revokedSessionId } }';
const REVOKE_ALL =
  'mutation All($input: RevokeAllSessionsInput!) { revokeAllSessions(input: $input) { revokedCount } }';
const CHANGE =
  'mutation Change($input: ChangePasswordInput!) { changePassword(input: $input) { accessToken refreshToken } }';
const REBUILT = (line: Record<string, unknown>) => line.event === 'auth.revocation_cache_rebuilt';

type Door = Pick<TestApp, 'url' | 'http'>;

withServices('revocations survive Redis losing its data', () => {
  let redis: PrivateRedis;
  let a: TestApp;
  let b: Replica;
  beforeAll(async () => {
    redis = await startPrivateRedis();
    a = await startTestApp({
      redisUrl: redis.url,
      env: { RATE_LIMIT_LOGIN: '1000/1m', RATE_LIMIT_REGISTER: '1000/1h' },
    });
    b = await startReplica(a);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await redis?.stop();
  });

  const codeOn = async (on: Door, token: string) =>
    (await gql(on as TestApp, VIEWER_EMAIL, {}, { token })).errors?.[0]?.extensions.code;
  const refreshOn = (on: Door, refresh: string) => on.http().post('/api/v1/auth/refresh/').send({ refresh });

  async function twoDevices(): Promise<[SignedIn, SignedIn]> {
    const user = await register(a);
    const laptop = { ...(await login(a, user, 'laptop')), userId: user.userId };
    const phone = { ...(await login(a, user, 'phone')), userId: user.userId };
    return [laptop, phone];
  }

  async function bothReconnected() {
    await whenReady((a.store as RedisStore).client);
    await whenReady((b.store as RedisStore).client);
  }

  const losses: [string, () => Promise<void>][] = [
    ['FLUSHALL', () => redis.flushAll()],
    ['an empty restart', () => redis.restartEmpty().then(bothReconnected)],
  ];

  /** Each kind of revocation: what it leaves refused (tokens) and alive. */
  const revocations: [string, () => Promise<{ refused: string[]; refusedRefresh: string[]; alive: string[] }>][] = [
    [
      'logout',
      async () => {
        const [laptop, phone] = await twoDevices();
        await a.http().post('/api/v1/auth/logout/').set('Authorization', `Bearer ${phone.access}`).send().expect(200);
        return { refused: [phone.access], refusedRefresh: [phone.refresh], alive: [laptop.access] };
      },
    ],
    [
      'revokeSession',
      async () => {
        const [laptop, phone] = await twoDevices();
        const res = await gql(a, REVOKE, { input: { sessionId: phone.sessionId } }, { token: laptop.access });
        expect(res.errors).toBeUndefined();
        return { refused: [phone.access], refusedRefresh: [phone.refresh], alive: [laptop.access] };
      },
    ],
    [
      'revokeAllSessions',
      async () => {
        const [laptop, phone] = await twoDevices();
        const res = await gql(a, REVOKE_ALL, { input: {} }, { token: laptop.access });
        expect(res.data).toEqual({ revokeAllSessions: { revokedCount: 1 } });
        return { refused: [phone.access], refusedRefresh: [phone.refresh], alive: [laptop.access] };
      },
    ],
    [
      'refresh-token reuse',
      async () => {
        const [laptop, phone] = await twoDevices();
        // Beyond the grace window: the token before the previous one comes back.
        const first = await refreshOn(a, phone.refresh).expect(200);
        const rotated = await refreshOn(a, first.body.data.refresh).expect(200);
        const reuse = await refreshOn(a, phone.refresh);
        expect(reuse.body.error.code).toBe('REFRESH_REUSED');
        return {
          refused: [phone.access, rotated.body.data.access],
          refusedRefresh: [rotated.body.data.refresh],
          alive: [laptop.access],
        };
      },
    ],
    [
      'a password change',
      async () => {
        const [laptop, phone] = await twoDevices();
        const res = await gql<{ changePassword: { accessToken: string } }>(
          a,
          CHANGE,
          { input: { currentPassword: PASSWORD, newPassword: 'another good passphrase' } },
          { token: laptop.access },
        );
        expect(res.errors).toBeUndefined();
        return {
          refused: [phone.access, laptop.access],
          refusedRefresh: [phone.refresh, laptop.refresh],
          alive: [res.data!.changePassword.accessToken],
        };
      },
    ],
  ];

  describe.each(losses)('after %s', (_loss, lose) => {
    it.each(revocations)('%s stays in force on both replicas', async (_kind, revoke) => {
      const { refused, refusedRefresh, alive } = await revoke();

      await lose();

      for (const replica of [a, b]) {
        for (const token of refused) expect(await codeOn(replica, token)).toBe('SESSION_REVOKED');
        for (const token of alive) expect(await codeOn(replica, token)).toBeUndefined();
        for (const token of refusedRefresh) expect((await refreshOn(replica, token)).status).toBe(401);
      }
      // And again once the cache is rebuilt (the second round runs against Redis alone).
      for (const replica of [b, a]) {
        for (const token of refused) expect(await codeOn(replica, token)).toBe('SESSION_REVOKED');
        for (const token of alive) expect(await codeOn(replica, token)).toBeUndefined();
      }
    });
  });

  it('when both replicas see the loss at once, the cache is rebuilt once, from the rows that matter, and then auth runs no SQL', async () => {
    const [laptop, phone] = await twoDevices();
    await gql(a, REVOKE, { input: { sessionId: phone.sessionId } }, { token: laptop.access });
    // Old history that must not be read back: a session revoked a day ago, a user idle for days.
    const idle = await twoDevices();
    const idleUserId = fromGlobalId(idle[0].userId)!.key;
    await a
      .db('sessions')
      .where({ id: fromGlobalId(idle[1].sessionId)!.key })
      .update({ revoked_at: a.db.raw("now() - interval '1 day'") });
    await a
      .db('sessions')
      .where({ id: fromGlobalId(idle[0].sessionId)!.key })
      .update({ last_used_at: a.db.raw("now() - interval '3 days'") });
    await redis.flushAll();
    const rebuildsBefore = a.logs.find(REBUILT).length + b.logs.find(REBUILT).length;
    const statements: string[] = [];
    const record = (query: { sql: string }) => statements.push(query.sql);
    a.db.on('query', record);

    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, index) => codeOn(index % 2 ? a : b, index % 4 < 2 ? laptop.access : phone.access)),
    );

    a.db.removeListener('query', record);
    expect(answers.filter((code) => code === undefined)).toHaveLength(answers.filter((_, i) => i % 4 < 2).length);
    expect(answers.filter((code) => code === 'SESSION_REVOKED')).toHaveLength(
      answers.filter((_, i) => i % 4 >= 2).length,
    );
    const rebuilds = [...a.logs.find(REBUILT), ...b.logs.find(REBUILT)].slice(rebuildsBefore);
    expect(rebuilds).toHaveLength(1);
    // The rebuild reads through the bounded, indexed predicates only.
    const rebuildSql = statements.filter((sql) => /revoked_at" >|last_used_at" >/.test(sql));
    expect(rebuildSql.every((sql) => /now\(\) - /.test(sql))).toBe(true);
    const raw = (a.store as RedisStore).client;
    expect(await raw.exists(`auth:revoked:session:${fromGlobalId(phone.sessionId)!.key}`)).toBe(1);
    expect(await raw.exists(`auth:revoked:session:${fromGlobalId(idle[1].sessionId)!.key}`)).toBe(0);
    expect(await raw.exists(`auth:state:${fromGlobalId(laptop.userId)!.key}`)).toBe(1);
    expect(await raw.exists(`auth:state:${idleUserId}`)).toBe(0);

    statements.length = 0;
    a.db.on('query', record);
    await gql(a, TYPENAME, {}, { token: laptop.access });
    await gql(b as TestApp, TYPENAME, {}, { token: phone.access });
    a.db.removeListener('query', record);
    expect(statements).toEqual([]);
  });

  it('while the cache is unloaded, a request decides with one statement on primary keys', async () => {
    const [laptop] = await twoDevices();
    await redis.flushAll();
    // Hold the rebuild lock, as a replica in the middle of rebuilding would.
    await (a.store as RedisStore).client.set('auth:rebuild-lock', 'elsewhere', 'PX', 5_000);
    const statements: string[] = [];
    const record = (query: { sql: string }) => statements.push(query.sql);
    a.db.on('query', record);

    const res = await gql(a, TYPENAME, {}, { token: laptop.access });

    a.db.removeListener('query', record);
    await (a.store as RedisStore).client.del('auth:rebuild-lock');
    expect(res.errors).toBeUndefined();
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatch(/from "users" as "u" left join "sessions" as "s" on "s"."id" = \$1/);
  });
});
