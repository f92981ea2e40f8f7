import { spawnSync } from 'node:child_process';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { Response } from 'supertest';
import { signUp, type SignedIn } from '../support/auth';
import { testEnv } from '../support/env';
import { listRoutes } from '../support/routes';
import { eventually, SmtpCapture, tokenFrom } from '../support/smtp-capture';
import { TcpProxy, viaProxy } from '../support/tcp-proxy';
import { startTestApp, type TestApp } from '../support/test-app';
import { createPost, GENEROUS_LIMITS } from '../posts/posts-support';

const withServices = testEnv.embedded ? it.skip : it;

interface OperationObject {
  operationId: string;
  responses: Record<
    string,
    { headers?: Record<string, { required?: boolean }>; content?: Record<string, { schema: unknown }> }
  >;
}
type OpenApi = { openapi: string; paths: Record<string, Record<string, OperationObject>> };

const pointer = (...parts: string[]) => parts.map((part) => part.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
/**
 * @apidevtools/swagger-parser (the OpenAPI 3.1 JSON Schema plus its semantic checks) loads ES
 * modules that jest's CommonJS runtime cannot require on Node 20, so it runs in a plain node.
 */
function validateWithSwaggerParser(document: unknown): { status: number | null; stderr: string } {
  const script =
    "let t='';process.stdin.on('data',(c)=>{t+=c}).on('end',()=>require('@apidevtools/swagger-parser')" +
    '.validate(JSON.parse(t)).then(()=>process.exit(0),(e)=>{console.error(e.message);process.exit(1)}))';
  const child = spawnSync(process.execPath, ['--no-warnings', '-e', script], {
    cwd: __dirname,
    input: JSON.stringify(document),
    encoding: 'utf8',
  });
  return { status: child.status, stderr: child.stderr };
}

const OVERSIZED = { padding: 'x'.repeat(101 * 1024) };
/** A body in a charset the API does not read: 415 UNSUPPORTED_MEDIA_TYPE before any route runs. */
const latin1 = (app: TestApp, path: string) =>
  app.http().post(path).set('Content-Type', 'application/json; charset=latin1').send('{}');

/**
 * Live answers against the served OpenAPI document: every documented status of every operation
 * is provoked at least once, and each answer's body (and required headers) must match its
 * documented schema. A route added to the document without cases here fails the last test.
 */
describe('the OpenAPI document', () => {
  let t: TestApp;
  let tight: TestApp;
  let doc: OpenApi;
  let user: SignedIn;
  let smtp: SmtpCapture;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const seen = new Set<string>();
  const operations = new Map<string, { path: string; method: string; operation: OperationObject }>();

  beforeAll(async () => {
    smtp = await new SmtpCapture().start();
    t = await startTestApp({
      env: { ...GENEROUS_LIMITS, RATE_LIMIT_PASSWORD_FORGOT: '1000/15m' },
      jobs: { smtpUrl: smtp.url },
    });
    tight = await startTestApp({
      // The same database as `t` (which has one of its own: it runs jobs), so users and posts
      // made through `t` exist for `tight` too.
      databaseUrl: t.config.databaseUrl,
      env: {
        RATE_LIMIT_REGISTER: '1/1h',
        RATE_LIMIT_LOGIN: '1/1m',
        RATE_LIMIT_REFRESH_ADDRESS: '1/1m',
        FEATURE_REGISTRATION: 'false',
        RATE_LIMIT_EMAIL_TOKEN: '1/1m',
        RATE_LIMIT_EVENTS: '1/1m',
      },
    });
    doc = (await t.http().get('/api/v1/openapi.json')).body as OpenApi;
    ajv.addSchema(doc, 'openapi');
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(item))
        operations.set(operation.operationId, { path, method, operation });
    }
    user = await signUp(t);
  });

  afterAll(async () => {
    await t.close();
    await tight.close();
    await smtp.close();
  });

  const mailTo = (email: string, subject: RegExp) =>
    eventually(
      () => smtp.to(email).find((mail) => subject.test(mail.subject)),
      15_000,
      `mail "${subject}" to ${email}`,
    );

  /** Checks one live answer against the document and records that its status was seen. */
  function conforms(operationId: string, res: Response): Response {
    const found = operations.get(operationId);
    if (!found) throw new Error(`${operationId} is not in the document`);
    const documented = found.operation.responses[String(res.status)];
    if (!documented) throw new Error(`${operationId} answered ${res.status}, which is not documented: ${res.text}`);
    const [contentType, media] = Object.entries(documented.content ?? {})[0]!;
    expect(res.headers['content-type']).toContain(contentType);
    if (contentType === 'application/json') {
      const ref = `openapi#/${pointer('paths', found.path, found.method, 'responses', String(res.status), 'content', contentType, 'schema')}`;
      const validate = ajv.getSchema(ref)!;
      if (!validate(res.body)) {
        throw new Error(`${operationId} ${res.status} does not match: ${ajv.errorsText(validate.errors)}\n${res.text}`);
      }
      expect(media).toBeDefined();
    }
    for (const [name, header] of Object.entries(documented.headers ?? {})) {
      if (header.required)
        expect([operationId, res.status, name, res.headers[name.toLowerCase()]]).not.toContain(undefined);
    }
    seen.add(`${operationId} ${res.status}`);
    return res;
  }

  it('is a valid OpenAPI 3.1 document', async () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(validateWithSwaggerParser(doc)).toEqual({ status: 0, stderr: '' });
    // The validator does refuse a broken document (so the check above can fail).
    const broken = { ...doc, info: {}, paths: { '/x': { get: { responses: { 200: { bogus: true } } } } } };
    expect(validateWithSwaggerParser(broken).status).toBe(1);
  });

  it('register: 201, 400, 403, 409, 413, 429', async () => {
    const email = `openapi-${Date.now()}@example.test`;
    const register = (app: TestApp, body: object) => app.http().post('/api/v1/auth/register/').send(body);
    conforms('register', await register(t, { email, password: 'correct horse battery', display_name: 'Ada' }));
    conforms('register', await register(t, { email: 'not an email', password: 'short' }));
    conforms('register', await register(t, { email, password: 'correct horse battery' }));
    conforms('register', await register(t, OVERSIZED));
    conforms('register', await register(tight, { email: `closed-${email}`, password: 'correct horse battery' }));
    conforms('register', await register(tight, { email: `closed-${email}`, password: 'correct horse battery' }));
  });

  it('createToken: 200, 400, 401, 413, 429', async () => {
    const token = (app: TestApp, body: object) => app.http().post('/api/v1/auth/token/').send(body);
    conforms('createToken', await token(t, { email: user.email, password: user.password, device: 'OpenAPI test' }));
    conforms('createToken', await token(t, { email: user.email }));
    conforms('createToken', await token(t, { email: user.email, password: 'wrong password' }));
    conforms('createToken', await token(t, OVERSIZED));
    conforms('createToken', await token(tight, { email: user.email, password: 'wrong password' }));
    conforms('createToken', await token(tight, { email: user.email, password: 'wrong password' }));
  });

  it('refreshToken: 200, 400, 401, 403, 413, 429', async () => {
    const refresh = (app: TestApp, body: object) => app.http().post('/api/v1/auth/refresh/').send(body);
    const fresh = await signUp(t);
    conforms('refreshToken', await refresh(t, { refresh: fresh.refresh }));
    conforms('refreshToken', await refresh(t, { refresh: 5 }));
    conforms('refreshToken', await refresh(t, { refresh: 'not-a-token' }));
    conforms(
      'refreshToken',
      await t.http().post('/api/v1/auth/refresh/').set('Cookie', 'inkwell_refresh=abc').send({}),
    );
    conforms('refreshToken', await refresh(t, OVERSIZED));
    conforms('refreshToken', await refresh(tight, { refresh: 'x' }));
    conforms('refreshToken', await refresh(tight, { refresh: 'x' }));
  });

  it('logout: 200, 400, 401, 403, 413', async () => {
    const fresh = await signUp(t);
    const logout = () => t.http().post('/api/v1/auth/logout/');
    conforms('logout', await logout().send({ scope: 'everything' }));
    conforms('logout', await logout().set('Authorization', 'Bearer not-a-token').send({}));
    conforms('logout', await logout().set('Cookie', 'inkwell_refresh=abc').send({}));
    conforms('logout', await logout().send(OVERSIZED));
    conforms('logout', await logout().send({ refresh: fresh.refresh }));
  });

  it('the JWKS, this document and its reference page', async () => {
    conforms('authJwks', await t.http().get('/api/v1/auth/jwks.json'));
    conforms('wellKnownJwks', await t.http().get('/.well-known/jwks.json'));
    conforms('openapi', await t.http().get('/api/v1/openapi.json'));
    conforms('apiReference', await t.http().get('/api/v1/docs/'));
  });

  it('the reference page loads only files Inkwell serves itself (no CDN)', async () => {
    const page = await t.http().get('/api/v1/docs/');
    const urls = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);

    expect(urls.sort()).toEqual(['favicon-32x32.png', 'init.js', 'swagger-ui-bundle.js', 'swagger-ui.css']);
    for (const url of urls) {
      const asset = await t.http().get(`/api/v1/docs/${url}`);
      expect([url, asset.status]).toEqual([url, 200]);
    }
    const init = await t.http().get('/api/v1/docs/init.js');
    expect(init.text).toContain("url: '../openapi.json'");
    expect(init.text).not.toMatch(/https?:/);
    expect((await t.http().get('/api/v1/docs')).headers.location).toBe('/api/v1/docs/');
    expect((await t.http().get('/api/v1/docs/index.html')).status).toBe(404);
  });

  it('listPosts: 200, 400; getPost: 200, 404', async () => {
    const post = await createPost(t, user, { status: 'PUBLISHED' });
    const list = conforms('listPosts', await t.http().get('/api/v1/posts/?limit=2'));
    expect(list.body.data.length).toBeGreaterThan(0);
    conforms('listPosts', await t.http().get('/api/v1/posts/?limit=0'));
    conforms('listPosts', await t.http().get('/api/v1/posts/?cursor=bogus'));
    conforms('getPost', await t.http().get(`/api/v1/posts/${post.slug}/`));
    conforms('getPost', await t.http().get('/api/v1/posts/no-such-post/'));
  });

  it('forgotPassword: 202, 400, 413, 429', async () => {
    const forgot = (body: object) => t.http().post('/api/v1/auth/password/forgot/').send(body);
    const email = `forgot-${Date.now()}@example.test`;
    conforms('forgotPassword', await forgot({ email }));
    conforms('forgotPassword', await forgot({ email: 'not an email' }));
    conforms('forgotPassword', await forgot(OVERSIZED));
    // RATE_LIMIT_PASSWORD_FORGOT_EMAIL (3/1h by default): the fourth request for one address.
    for (const _ of [1, 2]) conforms('forgotPassword', await forgot({ email }));
    const limited = conforms('forgotPassword', await forgot({ email }));
    expect(limited.body.error.code).toBe('RATE_LIMITED');
  });

  it('resetPassword: 200, 400, 429', async () => {
    const reset = (app: TestApp, body: object) => app.http().post('/api/v1/auth/password/reset/').send(body);
    const fresh = await signUp(t);
    conforms('forgotPassword', await t.http().post('/api/v1/auth/password/forgot/').send({ email: fresh.email }));
    const mail = await mailTo(fresh.email, /reset your inkwell password/i);
    const token = tokenFrom(mail, '/reset-password');
    const done = conforms('resetPassword', await reset(t, { token, password: 'another horse battery' }));
    expect(done.body.data.revoked_sessions).toBe(1);
    const invalid = conforms('resetPassword', await reset(t, { token, password: 'another horse battery' }));
    expect(invalid.body.error.code).toBe('INVALID_TOKEN');
    const bad = conforms('resetPassword', await reset(t, { token, password: 'short' }));
    expect(bad.body.error.details).toHaveProperty('password');
    conforms('resetPassword', await reset(t, OVERSIZED));
    conforms('resetPassword', await reset(tight, { token: 'x', password: 'another horse battery' }));
    conforms('resetPassword', await reset(tight, { token: 'x', password: 'another horse battery' }));
  });

  it('verifyEmail: 200, 400, 429', async () => {
    const verify = (app: TestApp, body: object) => app.http().post('/api/v1/auth/email/verify/').send(body);
    const mail = await mailTo(user.email, /confirm your email/i);
    const token = tokenFrom(mail, '/verify-email');
    const done = conforms('verifyEmail', await verify(t, { token }));
    expect(done.body.data.user.email_verified).toBe(true);
    const invalid = conforms('verifyEmail', await verify(t, { token }));
    expect(invalid.body.error.code).toBe('INVALID_TOKEN');
    conforms('verifyEmail', await verify(t, { token: '' }));
    conforms('verifyEmail', await verify(t, OVERSIZED));
    // The tight app's RATE_LIMIT_EMAIL_TOKEN bucket is shared with resetPassword: spent already.
    conforms('verifyEmail', await verify(tight, { token: 'x' }));
    const limited = conforms('verifyEmail', await verify(tight, { token: 'x' }));
    expect(limited.body.error.code).toBe('RATE_LIMITED');
  });

  it('resendVerificationEmail: 202, 401, 413, 429', async () => {
    const fresh = await signUp(t);
    const resend = () => t.http().post('/api/v1/auth/email/verify/resend/');
    conforms('resendVerificationEmail', await resend().set('Authorization', `Bearer ${fresh.access}`).send());
    conforms('resendVerificationEmail', await resend().send());
    conforms('resendVerificationEmail', await resend().set('Authorization', 'Bearer not-a-token').send());
    conforms('resendVerificationEmail', await resend().send(OVERSIZED));
    // RATE_LIMIT_VERIFY_RESEND (3/1h by default per address and account).
    for (const _ of [1, 2]) {
      conforms('resendVerificationEmail', await resend().set('Authorization', `Bearer ${fresh.access}`).send());
    }
    const limited = conforms(
      'resendVerificationEmail',
      await resend().set('Authorization', `Bearer ${fresh.access}`).send(),
    );
    expect(limited.body.error.code).toBe('RATE_LIMITED');
  });

  it('recordEvent: 202, 400, 413, 429', async () => {
    const post = await createPost(t, user, { status: 'PUBLISHED' });
    const event = (app: TestApp, body: object) => app.http().post('/api/v1/events/').send(body);
    conforms('recordEvent', await event(t, { type: 'view', post_id: post.id }));
    conforms(
      'recordEvent',
      await t
        .http()
        .post('/api/v1/events/')
        .set('Content-Type', 'text/plain')
        .send(`{"type":"view","post_id":"${post.id}"}`),
    );
    conforms('recordEvent', await event(t, { type: 'click', post_id: post.id }));
    conforms('recordEvent', await t.http().post('/api/v1/events/').set('Content-Type', 'text/plain').send('{nope'));
    conforms('recordEvent', await event(t, OVERSIZED));
    conforms('recordEvent', await event(tight, { type: 'view', post_id: post.id }));
    const limited = conforms('recordEvent', await event(tight, { type: 'view', post_id: post.id }));
    expect(limited.body.error.code).toBe('RATE_LIMITED');
  });

  it('health: 200 on each check', async () => {
    conforms('health', await t.http().get('/health/'));
    conforms('healthDb', await t.http().get('/health/db/'));
    conforms('healthCache', await t.http().get('/health/cache/'));
  });

  withServices('with PostgreSQL and Redis down, every route that needs them answers a documented 503', async () => {
    const pgProxy = new TcpProxy(
      new URL(testEnv.databaseUrl!).hostname,
      Number(new URL(testEnv.databaseUrl!).port || 5432),
    );
    const redisProxy = new TcpProxy(
      new URL(testEnv.redisUrl!).hostname,
      Number(new URL(testEnv.redisUrl!).port || 6379),
    );
    await pgProxy.start();
    await redisProxy.start();
    const down = await startTestApp({
      databaseUrl: viaProxy(testEnv.databaseUrl!, pgProxy),
      redisUrl: viaProxy(testEnv.redisUrl!, redisProxy),
    });
    try {
      await pgProxy.stop();
      await redisProxy.stop();
      const http = down.http();
      const body = { email: user.email, password: user.password };
      conforms('register', await http.post('/api/v1/auth/register/').send({ ...body, email: `x-${user.email}` }));
      conforms('createToken', await http.post('/api/v1/auth/token/').send(body));
      conforms('refreshToken', await http.post('/api/v1/auth/refresh/').send({ refresh: user.refresh }));
      conforms('logout', await http.post('/api/v1/auth/logout/').send({ refresh: user.refresh }));
      conforms('listPosts', await http.get('/api/v1/posts/'));
      conforms('getPost', await http.get('/api/v1/posts/some-slug/'));
      conforms('forgotPassword', await http.post('/api/v1/auth/password/forgot/').send({ email: user.email }));
      const reset = { token: 'some-token', password: 'another horse battery' };
      conforms('resetPassword', await http.post('/api/v1/auth/password/reset/').send(reset));
      conforms('verifyEmail', await http.post('/api/v1/auth/email/verify/').send({ token: 'some-token' }));
      conforms(
        'resendVerificationEmail',
        await http.post('/api/v1/auth/email/verify/resend/').set('Authorization', `Bearer ${user.access}`).send(),
      );
      conforms('recordEvent', await http.post('/api/v1/events/').send({ type: 'view', post_id: 'UG9zdDp4' }));
      conforms('healthDb', await http.get('/health/db/'));
      conforms('healthCache', await http.get('/health/cache/'));
    } finally {
      await pgProxy.start();
      await redisProxy.start();
      await down.close();
      await pgProxy.stop();
      await redisProxy.stop();
    }
  });

  it('POST bodies in a charset other than utf-8 are 415 on every POST route', async () => {
    conforms('register', await latin1(t, '/api/v1/auth/register/'));
    conforms('createToken', await latin1(t, '/api/v1/auth/token/'));
    conforms('refreshToken', await latin1(t, '/api/v1/auth/refresh/'));
    conforms('logout', await latin1(t, '/api/v1/auth/logout/'));
    conforms('forgotPassword', await latin1(t, '/api/v1/auth/password/forgot/'));
    conforms('resetPassword', await latin1(t, '/api/v1/auth/password/reset/'));
    conforms('verifyEmail', await latin1(t, '/api/v1/auth/email/verify/'));
    conforms('resendVerificationEmail', await latin1(t, '/api/v1/auth/email/verify/resend/'));
    conforms('recordEvent', await latin1(t, '/api/v1/events/'));
  });

  /**
   * Not REST operations: the reference page's own files and the GraphiQL sandbox (HTML and
   * scripts for a browser), and GraphQL, which `schema/v1.graphql` describes.
   */
  const NOT_REST = [/^\/api\/v1\/docs\/.+/, /^\/api\/v1\/graphiql(\/|$)/];

  it('documents every REST route express serves (so a new route cannot be left out)', () => {
    const normal = (path: string) => path.replace(/\{(\w+)\}/g, ':$1').replace(/(.)\/$/, '$1');
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, item]) =>
        Object.keys(item).map((method) => `${method.toUpperCase()} ${normal(path)}`),
      ),
    );
    const routes = listRoutes(t.app.express);
    // Handlers mounted as middleware are GraphQL or a prefix's middleware (cookies on
    // /api/v1/auth, the /api 404); a REST operation is an express route.
    const rest = routes
      .filter(({ path, kind }) => kind === 'route' && /^\/(api|health|\.well-known)(\/|$)/.test(path))
      .filter(({ path }) => !NOT_REST.some((pattern) => pattern.test(path)))
      .map((route) => `${route.method} ${normal(route.path)}`);
    expect(rest).toEqual(expect.arrayContaining(['POST /api/v1/auth/password/forgot', 'POST /api/v1/events']));
    expect(rest.filter((route) => !documented.has(route))).toEqual([]);
  });

  it('every documented status of every operation was answered live above', () => {
    const documented = [...operations.values()].flatMap(({ operation }) =>
      Object.keys(operation.responses)
        .filter((status) => status !== 'default' && !(testEnv.embedded && status === '503'))
        .map((status) => `${operation.operationId} ${status}`),
    );
    expect(documented.filter((pair) => !seen.has(pair))).toEqual([]);
  });
});
