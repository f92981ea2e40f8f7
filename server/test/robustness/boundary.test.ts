import { gzipSync } from 'node:zlib';
import { gql, signUp, uniqueEmail, PASSWORD } from '../support/auth';
import { startTestApp, type TestApp } from '../support/test-app';
import { fromGlobalId } from '../../src/platform/ids/global-id';

// Bodies are read loosely; the assertions say what must be there.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

/** Sends raw bytes, so the test controls Content-Encoding and the body exactly. */
async function raw(t: TestApp, path: string, body: Buffer | string, headers: Record<string, string>) {
  // Uint8Array: the fetch types of @types/node 24 take no Buffer of an ArrayBufferLike.
  const bytes = typeof body === 'string' ? body : new Uint8Array(body);
  const res = await fetch(`${t.url}${path}`, { method: 'POST', headers, body: bytes });
  const text = await res.text();
  let json: Json | undefined;
  try {
    json = JSON.parse(text) as Json;
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text };
}

const NUL = '\u0000';

describe('bad input at the boundary never answers 500', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_REGISTER: '1000/1m', RATE_LIMIT_LOGIN: '1000/1m' } });
  });
  afterAll(() => t.close());

  describe('Content-Encoding on a body that is not compressed', () => {
    const routes = ['/api/v1/auth/register/', '/api/v1/auth/token/', '/api/v1/graphql'];
    for (const encoding of ['gzip', 'deflate', 'br']) {
      for (const path of routes) {
        it(`${encoding} on ${path}: 400 BAD_USER_INPUT`, async () => {
          const res = await raw(t, path, '{"email":"a@b.c","password":"x"}', {
            'Content-Type': 'application/json',
            'Content-Encoding': encoding,
          });
          expect(res.status).toBe(400);
          const code = path.includes('graphql') ? res.json!.errors[0].extensions.code : res.json!.error.code;
          expect(code).toBe('BAD_USER_INPUT');
          const message = path.includes('graphql') ? res.json!.errors[0].message : res.json!.error.message;
          expect(message).toBe('The request body does not match its Content-Encoding.');
        });
      }
    }

    it('an encoding the server does not speak is 415 UNSUPPORTED_MEDIA_TYPE', async () => {
      const res = await raw(t, '/api/v1/auth/token/', '{}', {
        'Content-Type': 'application/json',
        'Content-Encoding': 'compress',
      });
      expect(res.status).toBe(415);
      expect(res.json!.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    });

    it('a body that really is gzip is read', async () => {
      const res = await raw(
        t,
        '/api/v1/auth/token/',
        gzipSync(JSON.stringify({ email: 'nobody@x.test', password: 'p' })),
        {
          'Content-Type': 'application/json',
          'Content-Encoding': 'gzip',
        },
      );
      expect(res.status).toBe(401);
    });
  });

  describe('NUL characters (U+0000): one rule for every text input', () => {
    const restCases: [string, Record<string, unknown>][] = [
      ['/api/v1/auth/register/', { email: `a${NUL}@example.test`, password: PASSWORD }],
      ['/api/v1/auth/register/', { email: uniqueEmail(), password: `pass${NUL}word-long-enough` }],
      ['/api/v1/auth/register/', { email: uniqueEmail(), password: PASSWORD, display_name: `Eve${NUL}` }],
      ['/api/v1/auth/token/', { email: uniqueEmail(), password: PASSWORD, device: `phone${NUL}` }],
      ['/api/v1/auth/refresh/', { refresh: `abc${NUL}` }],
      ['/api/v1/auth/register/', { [`key${NUL}`]: 1, email: uniqueEmail(), password: PASSWORD }],
    ];
    it.each(restCases)('REST body to %s: 400 BAD_USER_INPUT', async (path, body) => {
      const res = await t.http().post(path).send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(res.body)).toContain('U+0000');
    });

    it('a slug in a path: 400', async () => {
      const res = await t.http().get('/api/v1/posts/abc%00def/');
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('BAD_USER_INPUT');
    });

    it('a query-string parameter: 400', async () => {
      const res = await t.http().get('/api/v1/posts/?cursor=%00');
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('BAD_USER_INPUT');
    });

    // The body is walked only when its raw text holds the escape `\u0000` (noteNulFreeJson):
    // these pin both sides of that shortcut.
    it('the text \\u0000 (an escaped backslash, no NUL) in a JSON body is accepted', async () => {
      const res = await gql(t, 'query P($slug: String!) { post(slug: $slug) { id } }', { slug: 'x\\u0000y' });
      expect(res.status).toBe(200);
      expect(res.errors).toBeUndefined();
    });

    it('a NUL in a UTF-16 JSON body (not scanned as text) is still refused', async () => {
      const body = Buffer.from(JSON.stringify({ refresh: `abc${NUL}` }), 'utf16le');
      const res = await raw(t, '/api/v1/auth/refresh/', body, { 'Content-Type': 'application/json; charset=utf-16le' });
      expect(res.status).toBe(400);
      expect(res.json!.error.code).toBe('BAD_USER_INPUT');
      expect(res.text).toContain('U+0000');
    });

    it('a GraphQL variable: 400 BAD_USER_INPUT with the GraphQL shape', async () => {
      const res = await gql(t, 'query P($slug: String!) { post(slug: $slug) { id } }', { slug: `x${NUL}` });
      expect(res.status).toBe(400);
      expect(res.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
    });

    it('a GraphQL variable in a GET query string: 400 BAD_USER_INPUT naming it, and a request id', async () => {
      // Found from outside: the JSON text of a GET's variables carries `\u0000` as six plain
      // characters, so the NUL reached PostgreSQL and answered INTERNAL_SERVER_ERROR.
      const res = await t
        .http()
        .get('/api/v1/graphql')
        .query({ query: 'query P($slug: String!) { post(slug: $slug) { id } }', variables: '{"slug":"x\\u0000y"}' })
        .set('apollo-require-preflight', 'true');
      expect(res.status).toBe(400);
      expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(res.body.errors[0].message).toBe(
        'Invalid variables.slug: text must not contain the NUL character (U+0000).',
      );
      expect(res.body.extensions.meta.requestId).toEqual(expect.any(String));
    });

    it('a GraphQL string literal (\\u0000 escape): BAD_USER_INPUT', async () => {
      const res = await gql(t, '{ post(slug: "x\\u0000y") { id } }');
      expect(res.status).toBe(400);
      expect(res.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
    });

    it('a GraphQL mutation input (createPost title): BAD_USER_INPUT, nothing stored', async () => {
      const me = await signUp(t);
      const res = await gql(
        t,
        'mutation C($input: CreatePostInput!) { createPost(input: $input) { post { id } } }',
        { input: { title: `T${NUL}`, body: 'b' } },
        { token: me.access },
      );
      expect(res.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
      // Other test files share the database: count only this new author's posts.
      const authorId = fromGlobalId(me.userId)!.key;
      expect(await t.db('posts').where({ author_id: authorId }).count({ n: '*' }).first()).toEqual({ n: '0' });
    });
  });

  it('malformed percent-encoding in a path parameter: 400', async () => {
    for (const path of ['/api/v1/posts/%ff/', '/api/v1/posts/%E0%A4%A/', '/api/v1/posts/%/']) {
      const res = await t.http().get(path);
      expect({ path, status: res.status, code: res.body.error?.code }).toEqual({
        path,
        status: 400,
        code: 'BAD_USER_INPUT',
      });
    }
  });

  it('a subscription (the schema has none): 400 GRAPHQL_VALIDATION_FAILED', async () => {
    const res = await gql(t, 'subscription { posts { totalCount } }');
    expect(res.status).toBe(400);
    expect(res.errors![0]!.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('an APQ request with an unsupported persistedQuery.version: a 400-class error', async () => {
    const res = await t
      .http()
      .post('/api/v1/graphql')
      .send({ extensions: { persistedQuery: { version: 2, sha256Hash: 'a'.repeat(64) } } });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.body.errors[0].extensions.status).toBeLessThan(500);
  });

  it('a POST to GraphQL with a content type express does not read: 400, not 500', async () => {
    const res = await raw(t, '/api/v1/graphql', '{ __typename }', {
      'Content-Type': 'text/plain',
      'apollo-require-preflight': 'true',
    });
    expect(res.status).toBe(400);
    expect(res.json!.extensions.meta.requestId).toEqual(expect.any(String));
  });
});

describe('registration cannot choose a role', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_REGISTER: '1000/1m' } });
  });
  afterAll(() => t.close());

  // Raw JSON, so keys such as __proto__ reach the server as sent.
  const extras = [
    '"role":"admin"',
    '"Role":"admin"',
    '"roles":["admin"]',
    '"is_admin":true',
    '"user":{"role":"admin"}',
    '"__proto__":{"role":"admin"}',
    '"constructor":{"prototype":{"role":"admin"}}',
  ];

  it.each(extras)('REST with {%s}: the account is an author', async (extra) => {
    const email = uniqueEmail('role');
    const res = await raw(t, '/api/v1/auth/register/', `{"email":"${email}","password":"${PASSWORD}",${extra}}`, {
      'Content-Type': 'application/json',
    });
    expect([201, 400]).toContain(res.status);
    const row = await t.db('users').whereRaw('lower(email) = ?', [email]).first();
    if (res.status === 201) expect(row.role).toBe('author');
    else expect(row).toBeUndefined();
    expect(({} as Record<string, unknown>).role).toBeUndefined();
  });

  it('GraphQL with a role in the input: refused by the input type, nothing created', async () => {
    const email = uniqueEmail('role');
    const res = await gql(t, 'mutation R($input: RegisterInput!) { register(input: $input) { user { id } } }', {
      input: { email, password: PASSWORD, role: 'ADMIN' },
    });
    expect(res.status).toBe(400);
    expect(await t.db('users').whereRaw('lower(email) = ?', [email]).first()).toBeUndefined();
  });
});
