import type { Response } from 'supertest';
import { gql, PASSWORD, signUp, type GraphQLResult, type SignedIn } from '../support/auth';
import { toGlobalId } from '../../src/platform/ids/global-id';
import { startTestApp, type TestApp } from '../support/test-app';

const LOGIN = 'mutation Login($input: LoginInput!) { login(input: $input) { accessToken } }';
const REGISTER = 'mutation Register($input: RegisterInput!) { register(input: $input) { user { id } } }';
const REFRESH = 'mutation Refresh($input: RefreshTokenInput!) { refreshToken(input: $input) { refreshToken } }';
const LOGOUT = 'mutation Logout($input: LogoutInput!) { logout(input: $input) { revokedSessions } }';
const CHANGE = 'mutation Change($input: ChangePasswordInput!) { changePassword(input: $input) { accessToken } }';
const REVOKE = 'mutation Revoke($input: RevokeSessionInput!) { revokeSession(input: $input) { revokedSessionId } }';
const VIEWER_EMAIL = '{ viewer { email } }';

const HUGE_EMAIL = `${'a'.repeat(20_000)}@example.test`;
/** A stack frame or a database message, which must never reach a client. */
const LEAK = /\bat [\w.<>]+ \(|node_modules|\.ts:\d+|stacktrace|select |insert |syntax error at/i;

type Path = '/api/v1/auth/register/' | '/api/v1/auth/token/' | '/api/v1/auth/refresh/' | '/api/v1/auth/logout/';

/** A REST 400 BAD_USER_INPUT in the envelope, with details naming exactly `fields`. */
function expectRestBadInput(res: Response, fields?: string[]) {
  expect(res.status).toBe(400);
  expect(res.body).toMatchObject({ data: null, error: { code: 'BAD_USER_INPUT', message: expect.any(String) } });
  expect(JSON.stringify(res.body)).not.toMatch(LEAK);
  if (fields) {
    expect(Object.keys(res.body.error.details ?? {}).sort()).toEqual([...fields].sort());
    for (const field of fields) expect(res.body.error.details[field]).toEqual([expect.any(String)]);
  }
}

/** A GraphQL error answer with `code` (and, for service validation, details naming `fields`). */
function expectGraphQLError(res: GraphQLResult, code: string, fields?: string[]) {
  expect(res.status).not.toBe(500);
  expect(res.data?.[Object.keys(res.data ?? {})[0] ?? ''] ?? null).toBeNull();
  expect(res.errors?.length).toBeGreaterThanOrEqual(1);
  expect(res.errors![0]!.extensions.code).toBe(code);
  expect(JSON.stringify(res.errors)).not.toMatch(LEAK);
  if (fields) {
    const details = res.errors![0]!.extensions.details as Record<string, string[]>;
    expect(Object.keys(details ?? {}).sort()).toEqual([...fields].sort());
  }
}

describe('bad input on the auth doors', () => {
  let t: TestApp;
  let me: SignedIn;
  beforeAll(async () => {
    t = await startTestApp({
      env: { RATE_LIMIT_LOGIN: '1000/1m', RATE_LIMIT_REGISTER: '1000/1h', RATE_LIMIT_REFRESH: '1000/1m' },
    });
    me = await signUp(t);
  });
  afterAll(() => t.close());

  const post = (path: Path, body?: unknown) => {
    const req = t.http().post(path);
    return body === undefined ? req.send() : req.send(body as object);
  };
  /** Sends `raw` as-is with a JSON content type (for bodies supertest would not serialise). */
  const postRaw = (path: Path, raw: string) => t.http().post(path).set('Content-Type', 'application/json').send(raw);

  describe('REST', () => {
    const REQUIRED: [Path, string[]][] = [
      ['/api/v1/auth/register/', ['email', 'password']],
      ['/api/v1/auth/token/', ['email', 'password']],
    ];

    it.each(REQUIRED)('when %s gets an empty object, names every missing field', async (path, fields) => {
      expectRestBadInput(await post(path, {}), fields);
    });

    it.each(REQUIRED)('when %s gets no body at all, names every missing field', async (path, fields) => {
      expectRestBadInput(await post(path), fields);
    });

    it.each(REQUIRED)(
      'when %s gets a JSON array instead of an object, names every missing field',
      async (path, fields) => {
        expectRestBadInput(await post(path, [{ email: me.email, password: PASSWORD }]), fields);
      },
    );

    it.each(REQUIRED)('when %s gets numbers, arrays, objects and null, names each field', async (path, fields) => {
      for (const [email, password] of [
        [42, 12345678],
        [[me.email], [PASSWORD]],
        [{ address: me.email }, { value: PASSWORD }],
        [null, null],
        [true, false],
      ]) {
        expectRestBadInput(await post(path, { email, password }), fields);
      }
    });

    it.each(['"a string"', '42', 'null', 'true'])(
      'when a JSON body is not an object (%s), answers 400 BAD_USER_INPUT on every auth route',
      async (raw) => {
        for (const path of [
          '/api/v1/auth/register/',
          '/api/v1/auth/token/',
          '/api/v1/auth/refresh/',
          '/api/v1/auth/logout/',
        ] as const) {
          expectRestBadInput(await postRaw(path, raw));
        }
      },
    );

    it('when the body is not JSON at all, answers 400 BAD_USER_INPUT', async () => {
      expectRestBadInput(await postRaw('/api/v1/auth/token/', '{"email": '));
    });

    it('when the JSON arrives as text/plain, it is not read: the fields are missing', async () => {
      const res = await t
        .http()
        .post('/api/v1/auth/token/')
        .set('Content-Type', 'text/plain')
        .send(JSON.stringify({ email: me.email, password: PASSWORD }));

      expectRestBadInput(res, ['email', 'password']);
    });

    it('when an email is huge, it is refused with a detail on email, not a 500 or a 413', async () => {
      expectRestBadInput(await post('/api/v1/auth/register/', { email: HUGE_EMAIL, password: PASSWORD }), ['email']);
      expectRestBadInput(await post('/api/v1/auth/token/', { email: HUGE_EMAIL, password: PASSWORD }), ['email']);
    });

    it('when register gets a malformed email, or a display name of the wrong type, names that field', async () => {
      expectRestBadInput(await post('/api/v1/auth/register/', { email: 'not-an-email', password: PASSWORD }), [
        'email',
      ]);
      // REST fields are snake_case: the detail names `display_name`, the field the client sent.
      expectRestBadInput(
        await post('/api/v1/auth/register/', { email: 'new@example.test', password: PASSWORD, display_name: 7 }),
        ['display_name'],
      );
    });

    it('when login gets a device label of the wrong type, names `device`', async () => {
      expectRestBadInput(await post('/api/v1/auth/token/', { email: me.email, password: PASSWORD, device: 7 }), [
        'device',
      ]);
    });

    it.each([123, null, '', ['a.b.c'], { token: 'a.b.c' }, true])(
      'when refresh gets a refresh token that is not a non-empty string (%p), names `refresh`',
      async (refresh) => {
        expectRestBadInput(await post('/api/v1/auth/refresh/', { refresh }), ['refresh']);
      },
    );

    it('when refresh gets neither a body token nor a cookie, there is nothing to refresh: 200 with data null', async () => {
      const res = await post('/api/v1/auth/refresh/', {});
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ data: null, error: null });
    });

    it('when refresh gets a string that is not a token, answers 401 UNAUTHENTICATED (not 400, not 500)', async () => {
      const res = await post('/api/v1/auth/refresh/', { refresh: 'not-a-jwt' });

      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('UNAUTHENTICATED');
    });

    it.each(['everything', 'LOCAL ', 5, null, ['local'], { scope: 'local' }])(
      'when logout gets an unknown scope (%p), names `scope`',
      async (scope) => {
        const res = await t
          .http()
          .post('/api/v1/auth/logout/')
          .set('Authorization', `Bearer ${me.access}`)
          .send({ scope });

        expectRestBadInput(res, ['scope']);
      },
    );

    it('when logout gets an unknown scope, nothing is signed out', async () => {
      await t.http().post('/api/v1/auth/logout/').set('Authorization', `Bearer ${me.access}`).send({ scope: 'all' });

      expect((await gql(t, VIEWER_EMAIL, {}, { token: me.access })).data).toEqual({ viewer: { email: me.email } });
    });

    it.each([123, ['a.b.c'], { token: 'a.b.c' }, true])(
      'when logout gets a refresh token that is not a string (%p), names `refresh`',
      async (refresh) => {
        expectRestBadInput(await post('/api/v1/auth/logout/', { refresh }), ['refresh']);
      },
    );
  });

  describe('GraphQL', () => {
    it('when a required input field is missing from the document, answers GRAPHQL_VALIDATION_FAILED', async () => {
      const res = await gql(t, 'mutation { login(input: { email: "a@example.test" }) { accessToken } }');

      expect(res.status).toBe(400);
      expectGraphQLError(res, 'GRAPHQL_VALIDATION_FAILED');
    });

    it('when an input field has the wrong type in the document, answers GRAPHQL_VALIDATION_FAILED', async () => {
      for (const literal of [
        'email: 42, password: "x"',
        'email: ["a"], password: "x"',
        'email: { a: 1 }, password: "x"',
      ]) {
        const res = await gql(t, `mutation { login(input: { ${literal} }) { accessToken } }`);
        expect(res.status).toBe(400);
        expectGraphQLError(res, 'GRAPHQL_VALIDATION_FAILED');
      }
    });

    it('when variables have the wrong types, answers 400 BAD_USER_INPUT before anything runs', async () => {
      for (const input of [
        { email: 42, password: PASSWORD },
        { email: [me.email], password: PASSWORD },
        { email: { address: me.email }, password: PASSWORD },
        { email: null, password: PASSWORD },
        { email: me.email },
        null,
        'a string',
        [{ email: me.email, password: PASSWORD }],
      ]) {
        const res = await gql(t, LOGIN, { input });
        expect(res.status).toBe(400);
        expectGraphQLError(res, 'BAD_USER_INPUT');
      }
    });

    it('when strings are empty or out of bounds, the service names each field in details', async () => {
      expectGraphQLError(await gql(t, LOGIN, { input: { email: '', password: '' } }), 'BAD_USER_INPUT', [
        'email',
        'password',
      ]);
      expectGraphQLError(
        await gql(t, REGISTER, { input: { email: 'nope', password: 'short', displayName: ' ' } }),
        'BAD_USER_INPUT',
        ['displayName', 'email', 'password'],
      );
      expectGraphQLError(
        await gql(t, REGISTER, { input: { email: HUGE_EMAIL, password: PASSWORD } }),
        'BAD_USER_INPUT',
        ['email'],
      );
      expectGraphQLError(await gql(t, LOGIN, { input: { email: HUGE_EMAIL, password: PASSWORD } }), 'BAD_USER_INPUT', [
        'email',
      ]);
      expectGraphQLError(await gql(t, REFRESH, { input: { refreshToken: '' } }), 'BAD_USER_INPUT', ['refreshToken']);
      expectGraphQLError(
        await gql(t, LOGIN, { input: { email: me.email, password: PASSWORD, device: 'd'.repeat(101) } }),
        'BAD_USER_INPUT',
        ['device'],
      );
    });

    it('when refreshToken is not a string, answers BAD_USER_INPUT', async () => {
      for (const refreshToken of [123, null, ['a.b.c'], { token: 'a.b.c' }]) {
        expectGraphQLError(await gql(t, REFRESH, { input: { refreshToken } }), 'BAD_USER_INPUT');
      }
    });

    it('when logout gets an unknown scope, answers BAD_USER_INPUT (variables) or GRAPHQL_VALIDATION_FAILED (literal)', async () => {
      expectGraphQLError(
        await gql(t, LOGOUT, { input: { scope: 'EVERYTHING' } }, { token: me.access }),
        'BAD_USER_INPUT',
      );
      expectGraphQLError(
        await gql(t, 'mutation { logout(input: { scope: EVERYTHING }) { revokedSessions } }', {}, { token: me.access }),
        'GRAPHQL_VALIDATION_FAILED',
      );
      expect((await gql(t, VIEWER_EMAIL, {}, { token: me.access })).data).toEqual({ viewer: { email: me.email } });
    });

    it('when changePassword gets empty or wrongly typed fields, answers BAD_USER_INPUT with details', async () => {
      expectGraphQLError(
        await gql(t, CHANGE, { input: { currentPassword: '', newPassword: 'short' } }, { token: me.access }),
        'BAD_USER_INPUT',
        ['currentPassword', 'newPassword'],
      );
      expectGraphQLError(
        await gql(t, CHANGE, { input: { currentPassword: 5, newPassword: PASSWORD } }, { token: me.access }),
        'BAD_USER_INPUT',
      );
    });

    it('when revokeSession gets a malformed id or another type’s id, answers BAD_USER_INPUT on sessionId', async () => {
      for (const sessionId of [
        'garbage!!',
        '',
        'x'.repeat(500),
        toGlobalId('User', me.userId),
        toGlobalId('Post', '1'),
        me.userId,
      ]) {
        expectGraphQLError(await gql(t, REVOKE, { input: { sessionId } }, { token: me.access }), 'BAD_USER_INPUT', [
          'sessionId',
        ]);
      }
      expect((await gql(t, VIEWER_EMAIL, {}, { token: me.access })).data).toEqual({ viewer: { email: me.email } });
    });
  });

  describe('the Authorization header', () => {
    const FORMS: [string, () => string][] = [
      ['Bearer without a token', () => 'Bearer'],
      ['Bearer and a space', () => 'Bearer '],
      ['another scheme', () => 'Basic dXNlcjpwYXNz'],
      ['two tokens', () => `Bearer ${me.access} ${me.access}`],
      ['two Bearer values', () => `Bearer ${me.access}, Bearer ${me.access}`],
      ['a token that is not a JWT', () => 'Bearer not-a-jwt'],
      ['a bare token without the scheme', () => me.access],
    ];

    it.each(FORMS)('when it holds %s, a field that needs a viewer answers UNAUTHENTICATED', async (_label, header) => {
      // A header that is not `Bearer <token>` is a refused credential, not an anonymous call.
      const res = await gql(t, VIEWER_EMAIL, {}, { headers: { Authorization: header() } });

      expectGraphQLError(res, 'UNAUTHENTICATED');
    });

    it.each(FORMS)('when it holds %s, a public field still answers', async (_label, header) => {
      const res = await gql(t, '{ __typename }', {}, { headers: { Authorization: header() } });

      expect(res.status).toBe(200);
      expect(res.errors).toBeUndefined();
      expect(res.data).toEqual({ __typename: 'Query' });
    });
  });
});
