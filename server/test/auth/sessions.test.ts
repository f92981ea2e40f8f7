import jwt from 'jsonwebtoken';
import { gql, login, refreshRest, register, signUp, VIEWER } from '../support/auth';
import { TEST_SECRETS } from '../support/env';
import { toGlobalId } from '../../src/platform/ids/global-id';
import { startTestApp, type TestApp } from '../support/test-app';

const SESSIONS = '{ viewer { sessions { id device ipAddress createdAt lastUsedAt expiresAt isCurrent } } }';
const REVOKE = 'mutation R($input: RevokeSessionInput!) { revokeSession(input: $input) { revokedSessionId } }';
const REVOKE_ALL = 'mutation A($input: RevokeAllSessionsInput!) { revokeAllSessions(input: $input) { revokedCount } }';
const LOGOUT = 'mutation L($input: LogoutInput!) { logout(input: $input) { revokedSessions } }';

describe('multi-device sessions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_LOGIN: '100/1m', RATE_LIMIT_REGISTER: '100/1m' } });
  });
  afterAll(() => t.close());

  const code = async (token: string) => (await gql(t, VIEWER, {}, { token })).errors?.[0]?.extensions.code;

  it('lists every device with the current one marked, and no token material', async () => {
    const user = await register(t);
    const laptop = await login(t, user, 'Laptop');
    const phone = await t
      .http()
      .post('/api/v1/auth/token/')
      .set(
        'User-Agent',
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1',
      )
      .send(user);
    const res = await gql<{ viewer: { sessions: Record<string, unknown>[] } }>(
      t,
      SESSIONS,
      {},
      { token: laptop.access },
    );
    const sessions = res.data!.viewer.sessions;
    expect(sessions).toHaveLength(2);
    expect(sessions.find((s) => s.isCurrent)).toMatchObject({ id: laptop.sessionId, device: 'Laptop' });
    expect(sessions.find((s) => !s.isCurrent)).toMatchObject({
      id: phone.body.data.session.id,
      device: 'Safari on iOS',
    });
    const text = JSON.stringify(res.data);
    expect(text).not.toContain(laptop.refresh.split('.')[1]);
    expect(text).not.toMatch(/jti|hash|token/i);
  });

  it('revokes another device of mine: it is refused at its very next request', async () => {
    const user = await register(t);
    const a = await login(t, user, 'A');
    const b = await login(t, user, 'B');
    const res = await gql(t, REVOKE, { input: { sessionId: b.sessionId } }, { token: a.access });
    expect(res.data).toEqual({ revokeSession: { revokedSessionId: b.sessionId } });
    expect(await code(b.access)).toBe('SESSION_REVOKED');
    expect((await refreshRest(t, b.refresh)).body.error.code).toBe('SESSION_REVOKED');
    expect(await code(a.access)).toBeUndefined();
  });

  it("answers NOT_FOUND for another user's session, and leaves it alone", async () => {
    const mallory = await signUp(t);
    const alice = await signUp(t);
    const res = await gql(t, REVOKE, { input: { sessionId: alice.sessionId } }, { token: mallory.access });
    expect(res.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    expect(await code(alice.access)).toBeUndefined();
    const unknown = await gql(
      t,
      REVOKE,
      { input: { sessionId: toGlobalId('Session', '00000000-0000-4000-8000-000000000000') } },
      { token: mallory.access },
    );
    expect(unknown.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
  });

  it('shows a session through node() to its owner only', async () => {
    const alice = await signUp(t);
    const mallory = await signUp(t);
    const query = `{ node(id: "${alice.sessionId}") { id ... on Session { device isCurrent } } }`;
    expect((await gql(t, query, {}, { token: alice.access })).data).toEqual({
      node: { id: alice.sessionId, device: expect.any(String), isCurrent: true },
    });
    expect((await gql(t, query, {}, { token: mallory.access })).data).toEqual({ node: null });
    expect((await gql(t, query)).data).toEqual({ node: null });
  });

  it('revokeAllSessions ends the others, and with includeCurrent this one too', async () => {
    const user = await register(t);
    const [a, b, c] = [await login(t, user), await login(t, user), await login(t, user)];
    const others = await gql(t, REVOKE_ALL, { input: {} }, { token: a.access });
    expect(others.data).toEqual({ revokeAllSessions: { revokedCount: 2 } });
    expect([await code(b.access), await code(c.access), await code(a.access)]).toEqual([
      'SESSION_REVOKED',
      'SESSION_REVOKED',
      undefined,
    ]);
    const all = await gql(t, REVOKE_ALL, { input: { includeCurrent: true } }, { token: a.access });
    expect(all.data).toEqual({ revokeAllSessions: { revokedCount: 1 } });
    expect(await code(a.access)).toBe('SESSION_REVOKED');
  });

  it('logout scope local ends this session; logging out twice is not an error', async () => {
    const user = await register(t);
    const a = await login(t, user);
    const b = await login(t, user);
    const first = await t.http().post('/api/v1/auth/logout/').set('Authorization', `Bearer ${a.access}`).send({});
    expect(first.status).toBe(200);
    expect(first.body.data).toEqual({ revoked_sessions: 1 });
    const second = await t.http().post('/api/v1/auth/logout/').set('Authorization', `Bearer ${a.access}`).send({});
    expect(second.status).toBe(200);
    expect(second.body.data).toEqual({ revoked_sessions: 0 });
    expect(await code(a.access)).toBe('SESSION_REVOKED');
    expect((await refreshRest(t, a.refresh)).body.error.code).toBe('SESSION_REVOKED');
    expect(await code(b.access)).toBeUndefined();
    const viaGraphql = await gql(t, LOGOUT, { input: {} }, { token: a.access });
    expect(viaGraphql.data).toEqual({ logout: { revokedSessions: 0 } });
  });

  it('logout with only a refresh token works (third parties)', async () => {
    const me = await signUp(t);
    const res = await t.http().post('/api/v1/auth/logout/').send({ refresh: me.refresh });
    expect(res.body.data).toEqual({ revoked_sessions: 1 });
    expect(await code(me.access)).toBe('SESSION_REVOKED');
  });

  it('logout scope others keeps this session; global ends all', async () => {
    const user = await register(t);
    const [a, b, c] = [await login(t, user), await login(t, user), await login(t, user)];
    const others = await gql(t, LOGOUT, { input: { scope: 'OTHERS' } }, { token: a.access });
    expect(others.data).toEqual({ logout: { revokedSessions: 2 } });
    expect([await code(a.access), await code(b.access)]).toEqual([undefined, 'SESSION_REVOKED']);
    const d = await login(t, user);
    const global = await t
      .http()
      .post('/api/v1/auth/logout/')
      .set('Authorization', `Bearer ${d.access}`)
      .send({ scope: 'global' });
    expect(global.body.data).toEqual({ revoked_sessions: 2 });
    expect([await code(a.access), await code(c.access), await code(d.access)]).toEqual([
      'SESSION_REVOKED',
      'SESSION_REVOKED',
      'SESSION_REVOKED',
    ]);
  });

  it('a revoked or rotated-away token cannot sign its owner out everywhere', async () => {
    const user = await register(t);
    const a = await login(t, user);
    const b = await login(t, user);
    const rotated = await refreshRest(t, a.refresh);
    // A leaked refresh token that has since been rotated away (outside any grace use).
    await new Promise((resolve) => setTimeout(resolve, 10));
    await refreshRest(t, rotated.body.data.refresh);
    const stale = await t.http().post('/api/v1/auth/logout/').send({ refresh: a.refresh, scope: 'global' });
    expect(stale.status).toBe(401);
    expect(stale.body.error.code).toBe('SESSION_REVOKED');
    expect(await code(b.access)).toBeUndefined();

    // The access token of a session that was already revoked cannot either.
    await gql(t, REVOKE, { input: { sessionId: a.sessionId } }, { token: b.access });
    const revoked = await gql(t, LOGOUT, { input: { scope: 'GLOBAL' } }, { token: a.access });
    expect(revoked.errors?.[0]?.extensions.code).toBe('SESSION_REVOKED');
    expect(await code(b.access)).toBeUndefined();
  });

  it('signs out with the cookie when the access token has expired', async () => {
    const user = await register(t);
    const res = await t.http().post('/api/v1/auth/token/').send(user);
    const cookie = (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('inkwell_refresh='))!;
    const claims = jwt.decode(res.body.data.access) as jwt.JwtPayload;
    const expired = jwt.sign(
      { ...claims, iat: Math.floor(Date.now() / 1000) - 1200, exp: Math.floor(Date.now() / 1000) - 120 },
      TEST_SECRETS.JWT_ACCESS_SECRET,
    );
    const out = await t
      .http()
      .post('/api/v1/auth/logout/')
      .set('Authorization', `Bearer ${expired}`)
      .set('Cookie', cookie.split(';')[0]!)
      .set('X-Requested-With', 'XMLHttpRequest')
      .send({});
    expect(out.status).toBe(200);
    expect(out.body.data).toEqual({ revoked_sessions: 1 });
    expect(String(out.headers['set-cookie'])).toMatch(/inkwell_refresh=;/);
    expect((await refreshRest(t, res.body.data.refresh)).body.error.code).toBe('SESSION_REVOKED');
  });

  it('logout without any credential is UNAUTHENTICATED', async () => {
    const res = await t.http().post('/api/v1/auth/logout/').send({});
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
  });
});

describe('session cap', () => {
  it('evicts the oldest session beyond MAX_SESSIONS_PER_USER', async () => {
    const t = await startTestApp({ env: { MAX_SESSIONS_PER_USER: '3' } });
    try {
      const user = await register(t);
      const sessions = [];
      for (const device of ['one', 'two', 'three', 'four']) sessions.push(await login(t, user, device));
      const first = await gql(t, VIEWER, {}, { token: sessions[0]!.access });
      expect(first.errors?.[0]?.extensions.code).toBe('SESSION_REVOKED');
      const listed = await gql<{ viewer: { sessions: { device: string }[] } }>(
        t,
        '{ viewer { sessions { device } } }',
        {},
        { token: sessions[3]!.access },
      );
      expect(listed.data!.viewer.sessions.map((s) => s.device)).toEqual(['four', 'three', 'two']);
      const row = await t.db('sessions').where({ device: 'one' }).whereNotNull('revoked_at').first();
      expect(row.revoked_reason).toBe('evicted');
    } finally {
      await t.close();
    }
  });
});
