import { gql, login, refreshRest, register, VIEWER, PASSWORD } from '../support/auth';
import { startTestApp, type TestApp } from '../support/test-app';

const CHANGE =
  'mutation C($input: ChangePasswordInput!) { changePassword(input: $input) { accessToken refreshToken expiresIn session { id isCurrent } } }';
const NEW_PASSWORD = 'a brand new passphrase';

describe('changing the password', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_LOGIN: '100/1m' } });
  });
  afterAll(() => t.close());

  const code = async (token: string) => (await gql(t, VIEWER, {}, { token })).errors?.[0]?.extensions.code;

  it('refuses older tokens on the next request and keeps this device signed in', async () => {
    const user = await register(t);
    const here = await login(t, user, 'here');
    const there = await login(t, user, 'there');

    const res = await gql<{ changePassword: { accessToken: string; refreshToken: string; session: { id: string } } }>(
      t,
      CHANGE,
      { input: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD } },
      { token: here.access },
    );
    expect(res.errors).toBeUndefined();
    const fresh = res.data!.changePassword;
    expect(fresh.session.id).toBe(here.sessionId);

    expect(await code(there.access)).toBe('SESSION_REVOKED');
    expect(await code(here.access)).toBe('SESSION_REVOKED');
    expect(await code(fresh.accessToken)).toBeUndefined();
    expect((await refreshRest(t, there.refresh)).body.error.code).toBe('SESSION_REVOKED');
    expect((await refreshRest(t, here.refresh)).body.error.code).toBe('SESSION_REVOKED');
    const rotated = await refreshRest(t, fresh.refreshToken);
    expect(rotated.status).toBe(200);

    const oldLogin = await t.http().post('/api/v1/auth/token/').send({ email: user.email, password: PASSWORD });
    expect(oldLogin.status).toBe(401);
    await expect(login(t, { email: user.email, password: NEW_PASSWORD })).resolves.toBeDefined();
    const [row] = await t.db('users').where({ id: (await t.db('sessions').where({ device: 'here' }).first()).user_id });
    expect(row.token_version).toBe(2);
  });

  it('a change that does not commit locks nobody out', async () => {
    const user = await register(t);
    const me = await login(t, user);
    // The session is revoked in PostgreSQL behind the cache's back, so the change fails midway.
    const sessionKey = (await t.db('sessions').orderBy('created_at', 'desc').first()).id as string;
    await t.db('sessions').where({ id: sessionKey }).update({ revoked_at: new Date(), revoked_reason: 'logout' });
    const res = await gql(
      t,
      CHANGE,
      { input: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD } },
      { token: me.access },
    );
    expect(res.errors?.[0]?.extensions.code).toBe('SESSION_REVOKED');

    const fresh = await login(t, user);
    expect(await code(fresh.access)).toBeUndefined();
    const row = await t.db('users').where({ email: user.email }).first();
    expect(row.token_version).toBe(1);
  });

  it('requires the current password', async () => {
    const user = await register(t);
    const me = await login(t, user);
    const res = await gql(
      t,
      CHANGE,
      { input: { currentPassword: 'wrong password!', newPassword: NEW_PASSWORD } },
      { token: me.access },
    );
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { currentPassword: ['is not correct'] },
    });
    expect(await code(me.access)).toBeUndefined();
  });

  it('validates the new password and needs a signed-in viewer', async () => {
    const user = await register(t);
    const me = await login(t, user);
    const short = await gql(
      t,
      CHANGE,
      { input: { currentPassword: PASSWORD, newPassword: 'short' } },
      { token: me.access },
    );
    expect(short.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { newPassword: [expect.any(String)] },
    });
    const anonymous = await gql(t, CHANGE, { input: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD } });
    expect(anonymous.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });
});
