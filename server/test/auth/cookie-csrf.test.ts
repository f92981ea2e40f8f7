import { gql, register, signUp, type SignedIn } from '../support/auth';
import { startTestApp, type TestApp } from '../support/test-app';

const COOKIE = 'inkwell_refresh';
const LOGIN = 'mutation Login($input: LoginInput!) { login(input: $input) { refreshToken } }';

interface SetCookie {
  value: string;
  attributes: Map<string, string>;
}

/** The refresh cookie set by a response, if any, with its attributes by lowercased name. */
function refreshCookie(headers: Record<string, string | string[] | undefined>): SetCookie | undefined {
  const raw = headers['set-cookie'];
  const lines = Array.isArray(raw) ? raw : raw ? [raw] : [];
  const line = lines.find((text) => text.startsWith(`${COOKIE}=`));
  if (!line) return undefined;
  const [pair, ...attributes] = line.split(';').map((part) => part.trim());
  return {
    value: decodeURIComponent(pair!.slice(COOKIE.length + 1)),
    attributes: new Map(
      attributes.map((attribute) => {
        const [name, ...rest] = attribute.split('=');
        return [name!.toLowerCase(), rest.join('=')];
      }),
    ),
  };
}

const expectContractAttributes = (cookie: SetCookie | undefined) => {
  expect(cookie).toBeDefined();
  expect(cookie!.attributes.has('httponly')).toBe(true);
  expect(cookie!.attributes.get('samesite')).toBe('Strict');
  expect(cookie!.attributes.get('path')).toBe('/api/v1/auth');
};

describe('the refresh cookie and CSRF', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      env: {
        RATE_LIMIT_LOGIN: '100/1m',
        RATE_LIMIT_REGISTER: '100/1h',
        RATE_LIMIT_REFRESH: '1000/1m',
        CORS_ORIGINS: 'https://app.inkwell.test',
      },
    });
  });
  afterAll(() => t.close());

  const host = () => new URL(t.url).host;
  const refreshWithCookie = (token: string, headers: Record<string, string> = {}) => {
    const req = t.http().post('/api/v1/auth/refresh/').set('Cookie', `${COOKIE}=${token}`);
    for (const [name, value] of Object.entries(headers)) req.set(name, value);
    return req.send();
  };

  describe('login sets it', () => {
    it('when signing in over REST, sets the refresh cookie HttpOnly, SameSite=Strict, Path=/api/v1/auth', async () => {
      const user = await register(t);

      const res = await t.http().post('/api/v1/auth/token/').send({ email: user.email, password: user.password });

      const cookie = refreshCookie(res.headers);
      expectContractAttributes(cookie);
      expect(cookie!.value).toBe(res.body.data.refresh);
      expect(Number(cookie!.attributes.get('max-age'))).toBeGreaterThan(0);
    });

    it('when signing in over GraphQL, sets the same cookie', async () => {
      const user = await register(t);

      const res = await gql<{ login: { refreshToken: string } }>(t, LOGIN, {
        input: { email: user.email, password: user.password },
      });

      const cookie = refreshCookie(res.headers);
      expectContractAttributes(cookie);
      expect(cookie!.value).toBe(res.data!.login.refreshToken);
    });

    it('when the host is not localhost, the cookie is Secure', async () => {
      const user = await register(t);
      const credentials = { email: user.email, password: user.password };

      const rest = await t.http().post('/api/v1/auth/token/').set('Host', 'api.inkwell.test').send(credentials);
      const graphql = await gql(t, LOGIN, { input: credentials }, { headers: { Host: 'api.inkwell.test' } });

      for (const res of [rest, graphql]) {
        const cookie = refreshCookie(res.headers);
        expectContractAttributes(cookie);
        expect(cookie!.attributes.has('secure')).toBe(true);
      }
    });

    it('when served over plain http on 127.0.0.1 or localhost outside production, Secure is dropped', async () => {
      const user = await register(t);
      const credentials = { email: user.email, password: user.password };

      const loopback = await t.http().post('/api/v1/auth/token/').send(credentials);
      const localhost = await t
        .http()
        .post('/api/v1/auth/token/')
        .set('Host', `localhost:${new URL(t.url).port}`)
        .send(credentials);

      for (const res of [loopback, localhost]) {
        const cookie = refreshCookie(res.headers);
        expectContractAttributes(cookie);
        expect(cookie!.attributes.has('secure')).toBe(false);
      }
    });
  });

  describe('refresh by cookie needs proof it comes from our pages', () => {
    let me: SignedIn;
    beforeEach(async () => {
      me = await signUp(t);
    });

    it('when only the cookie is sent, without X-Requested-With, answers 403 CSRF_REJECTED', async () => {
      const res = await refreshWithCookie(me.refresh);

      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ data: null, error: { code: 'CSRF_REJECTED' } });
      expect(refreshCookie(res.headers)).toBeUndefined();
    });

    it('when X-Requested-With comes with a foreign Origin, answers 403 CSRF_REJECTED', async () => {
      const res = await refreshWithCookie(me.refresh, {
        'X-Requested-With': 'XMLHttpRequest',
        Origin: 'https://evil.example',
      });

      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('CSRF_REJECTED');
    });

    it('when X-Requested-With comes with an unparseable Origin, answers 403 CSRF_REJECTED', async () => {
      const res = await refreshWithCookie(me.refresh, { 'X-Requested-With': 'XMLHttpRequest', Origin: 'null' });

      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('CSRF_REJECTED');
    });

    it('when a refused cookie call is made, the token is not spent', async () => {
      await refreshWithCookie(me.refresh);
      await refreshWithCookie(me.refresh, { 'X-Requested-With': 'XMLHttpRequest', Origin: 'https://evil.example' });

      const res = await refreshWithCookie(me.refresh, { 'X-Requested-With': 'XMLHttpRequest' });

      expect(res.status).toBe(200);
    });

    it('when X-Requested-With comes without an Origin, rotates and sets the new cookie', async () => {
      const res = await refreshWithCookie(me.refresh, { 'X-Requested-With': 'XMLHttpRequest' });

      expect(res.status).toBe(200);
      const cookie = refreshCookie(res.headers);
      expectContractAttributes(cookie);
      expect(cookie!.value).toBe(res.body.data.refresh);
      expect(cookie!.value).not.toBe(me.refresh);
    });

    it('when X-Requested-With comes with our own Origin, rotates', async () => {
      const res = await refreshWithCookie(me.refresh, {
        'X-Requested-With': 'XMLHttpRequest',
        Origin: `http://${host()}`,
      });

      expect(res.status).toBe(200);
      expect(refreshCookie(res.headers)!.value).toBe(res.body.data.refresh);
    });

    it('when X-Requested-With comes with an allowed CORS origin, rotates', async () => {
      const res = await refreshWithCookie(me.refresh, {
        'X-Requested-With': 'XMLHttpRequest',
        Origin: 'https://app.inkwell.test',
      });

      expect(res.status).toBe(200);
    });

    it('when the rotated cookie is sent back, it rotates again (the chain continues through the cookie)', async () => {
      const first = await refreshWithCookie(me.refresh, { 'X-Requested-With': 'XMLHttpRequest' });

      const second = await refreshWithCookie(refreshCookie(first.headers)!.value, {
        'X-Requested-With': 'XMLHttpRequest',
      });

      expect(second.status).toBe(200);
      expect(second.body.data.session.id).toBe(me.sessionId);
    });

    it('when the refresh token is in the body, no header is needed (third-party clients)', async () => {
      const res = await t.http().post('/api/v1/auth/refresh/').send({ refresh: me.refresh });

      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ token_type: 'Bearer', refresh: expect.any(String) });
    });
  });

  describe('logout by cookie', () => {
    it('when signing out with the cookie and X-Requested-With, revokes the session and clears the cookie', async () => {
      const me = await signUp(t);

      const res = await t
        .http()
        .post('/api/v1/auth/logout/')
        .set('Cookie', `${COOKIE}=${me.refresh}`)
        .set('X-Requested-With', 'XMLHttpRequest')
        .send();

      expect(res.status).toBe(200);
      expect(res.body.data).toEqual({ revoked_sessions: 1 });
      const cleared = refreshCookie(res.headers);
      expect(cleared).toBeDefined();
      expect(cleared!.value).toBe('');
      expect(cleared!.attributes.get('path')).toBe('/api/v1/auth');
      expect(new Date(cleared!.attributes.get('expires')!).getTime()).toBeLessThan(Date.now());
      const after = await t.http().post('/api/v1/auth/refresh/').send({ refresh: me.refresh });
      expect(after.body.error.code).toBe('SESSION_REVOKED');
    });

    it('when signing out with only the cookie and no X-Requested-With, answers 403 and keeps the session', async () => {
      const me = await signUp(t);

      const res = await t.http().post('/api/v1/auth/logout/').set('Cookie', `${COOKIE}=${me.refresh}`).send();

      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('CSRF_REJECTED');
      expect((await t.http().post('/api/v1/auth/refresh/').send({ refresh: me.refresh })).status).toBe(200);
    });
  });
});
