import { gql, login, PASSWORD, register, type SignedIn } from '../support/auth';
import { testEnv } from '../support/env';
import { startReplica, startTestApp, type TestApp } from '../support/test-app';

const withServices = testEnv.embedded ? describe.skip : describe;

const VIEWER_EMAIL = '{ viewer { email } }';
const REVOKE = 'mutation Revoke($input: RevokeSessionInput!) { revokeSession(input: $input) { revokedSessionId } }';
const REVOKE_ALL =
  'mutation All($input: RevokeAllSessionsInput!) { revokeAllSessions(input: $input) { revokedCount } }';
const LOGOUT = 'mutation Logout($input: LogoutInput!) { logout(input: $input) { revokedSessions } }';
const CHANGE =
  'mutation Change($input: ChangePasswordInput!) { changePassword(input: $input) { accessToken refreshToken } }';
const NEW_PASSWORD = 'a different passphrase';

/** The slice of TestApp the tests use: where to send requests. */
type Replica = Pick<TestApp, 'url' | 'http'>;

withServices('auth across replicas', () => {
  let a: TestApp;
  let b: Awaited<ReturnType<typeof startReplica>>;
  beforeAll(async () => {
    a = await startTestApp({ env: { RATE_LIMIT_LOGIN: '100/1m', RATE_LIMIT_REGISTER: '100/1h' } });
    b = await startReplica(a);
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  /** The error code replica `on` answers for `token`, or undefined when it serves the viewer. */
  const codeOn = async (on: Replica, token: string) =>
    (await gql(on as TestApp, VIEWER_EMAIL, {}, { token })).errors?.[0]?.extensions.code;
  const refreshOn = (on: Replica, refresh: string) => on.http().post('/api/v1/auth/refresh/').send({ refresh });

  /** One user signed in on two devices, both seen working by replica B first. */
  async function twoDevices(): Promise<[SignedIn, SignedIn]> {
    const user = await register(a);
    const laptop = { ...(await login(a, user, 'laptop')), userId: user.userId };
    const phone = { ...(await login(a, user, 'phone')), userId: user.userId };
    expect(await codeOn(b, laptop.access)).toBeUndefined();
    expect(await codeOn(b, phone.access)).toBeUndefined();
    return [laptop, phone];
  }

  it('when a session is revoked through replica A, replica B refuses it on the very next request', async () => {
    const [laptop, phone] = await twoDevices();

    const res = await gql(a, REVOKE, { input: { sessionId: phone.sessionId } }, { token: laptop.access });
    expect(res.errors).toBeUndefined();

    expect(await codeOn(b, phone.access)).toBe('SESSION_REVOKED');
    expect((await refreshOn(b, phone.refresh)).body.error.code).toBe('SESSION_REVOKED');
    expect(await codeOn(b, laptop.access)).toBeUndefined();
  });

  it('when a device logs out through replica A, replica B refuses its tokens on the very next request', async () => {
    const [laptop, phone] = await twoDevices();

    const res = await a.http().post('/api/v1/auth/logout/').set('Authorization', `Bearer ${phone.access}`).send();
    expect(res.body.data).toEqual({ revoked_sessions: 1 });

    expect(await codeOn(b, phone.access)).toBe('SESSION_REVOKED');
    expect((await refreshOn(b, phone.refresh)).body.error.code).toBe('SESSION_REVOKED');
    expect(await codeOn(b, laptop.access)).toBeUndefined();
  });

  it('when a user logs out everywhere through replica A, replica B refuses every session', async () => {
    const [laptop, phone] = await twoDevices();

    const res = await gql(a, LOGOUT, { input: { scope: 'GLOBAL' } }, { token: laptop.access });
    expect(res.data).toEqual({ logout: { revokedSessions: 2 } });

    expect(await codeOn(b, laptop.access)).toBe('SESSION_REVOKED');
    expect(await codeOn(b, phone.access)).toBe('SESSION_REVOKED');
  });

  it('when all other sessions are revoked through replica A, replica B refuses them and keeps this one', async () => {
    const [laptop, phone] = await twoDevices();

    const res = await gql(a, REVOKE_ALL, { input: {} }, { token: laptop.access });
    expect(res.data).toEqual({ revokeAllSessions: { revokedCount: 1 } });

    expect(await codeOn(b, phone.access)).toBe('SESSION_REVOKED');
    expect(await codeOn(b, laptop.access)).toBeUndefined();
  });

  it('when the password is changed through replica A, replica B refuses every older token at once', async () => {
    const [laptop, phone] = await twoDevices();

    const res = await gql<{ changePassword: { accessToken: string; refreshToken: string } }>(
      a,
      CHANGE,
      { input: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD } },
      { token: laptop.access },
    );
    expect(res.errors).toBeUndefined();
    const fresh = res.data!.changePassword;

    expect(await codeOn(b, phone.access)).toBe('SESSION_REVOKED');
    expect(await codeOn(b, laptop.access)).toBe('SESSION_REVOKED');
    expect((await refreshOn(b, phone.refresh)).body.error.code).toBe('SESSION_REVOKED');
    expect((await refreshOn(b, laptop.refresh)).body.error.code).toBe('SESSION_REVOKED');
    expect(await codeOn(b, fresh.accessToken)).toBeUndefined();
    expect((await refreshOn(b, fresh.refreshToken)).status).toBe(200);
    const oldPassword = await b.http().post('/api/v1/auth/token/').send({ email: laptop.email, password: PASSWORD });
    expect(oldPassword.status).toBe(401);
  });

  it('when a token is rotated on replica A, replica B treats the old one as its predecessor (one chain)', async () => {
    const [laptop] = await twoDevices();

    const rotated = await refreshOn(a, laptop.refresh);
    expect(rotated.status).toBe(200);
    const next = await refreshOn(b, rotated.body.data.refresh);

    expect(next.status).toBe(200);
    expect(next.body.data.session.id).toBe(laptop.sessionId);
  });
});
