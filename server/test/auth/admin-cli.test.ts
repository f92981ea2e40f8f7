import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { runAdmin } from '../../src/cli/admin';
import { createLogger } from '../../src/platform/observability/logger';
import { gql, login, signUp, uniqueEmail, PASSWORD } from '../support/auth';
import { testEnv, TEST_SECRETS } from '../support/env';
import { LogCapture } from '../support/log-capture';
import { startReplica, startTestApp, type Replica, type TestApp } from '../support/test-app';

const withServices = testEnv.embedded ? describe.skip : describe;

const SET_FLAG = `mutation ($input: SetFeatureFlagInput!) { setFeatureFlag(input: $input) { featureFlag { key enabled } } }`;
/**
 * An admin-only call that changes nothing: an unknown flag passes the role check (admins get
 * BAD_USER_INPUT) or not (FORBIDDEN), and leaves the shared flags of the test database alone.
 */
const ADMIN_PROBE = { input: { key: 'no-such-flag', enabled: true } };
const AS_ADMIN = 'BAD_USER_INPUT';
const CREATE_POST = `mutation ($input: CreatePostInput!) { createPost(input: $input) { post { id } } }`;
const VIEWER = '{ viewer { email } }';

describe('npm run admin', () => {
  let a: TestApp;
  let b: Replica | undefined;
  beforeAll(async () => {
    a = await startTestApp({ env: { RATE_LIMIT_LOGIN: '1000/1m', RATE_LIMIT_REGISTER: '1000/1h' } });
    if (!testEnv.embedded) b = await startReplica(a);
  });
  afterAll(async () => {
    await b?.close();
    await a.close();
  });

  /** Runs the command in-process against the app's own database and Redis. */
  async function admin(args: string[], stdin = '') {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = '';
    let err = '';
    stdout.on('data', (chunk) => (out += String(chunk)));
    stderr.on('data', (chunk) => (err += String(chunk)));
    const logger = createLogger('silent', new LogCapture());
    const code = await runAdmin(
      args,
      { stdin: Readable.from([stdin]), stdout, stderr },
      {
        config: a.config,
        logger,
        db: a.db,
        store: a.store,
      },
    );
    return { code, out, err };
  }

  /** The other replica when there is one: the change must reach every replica. */
  const other = () => (b ?? a) as TestApp;

  it('when an author is promoted while their token is live, the next request may do admin things', async () => {
    const me = await signUp(a);
    const before = await gql(other(), SET_FLAG, ADMIN_PROBE, { token: me.access });
    expect(before.errors?.[0]?.extensions.code).toBe('FORBIDDEN');

    const result = await admin(['set-role', me.email, 'admin']);

    expect(result).toMatchObject({
      code: 0,
      out: `${me.email}: role author -> admin (in effect on the next request)\n`,
    });
    const after = await gql(other(), SET_FLAG, ADMIN_PROBE, { token: me.access });
    expect(after.errors?.[0]?.extensions.code).toBe(AS_ADMIN);
  });

  it('when an admin is demoted while their token is live, the next request is refused admin things', async () => {
    const me = await signUp(a);
    expect((await admin(['set-role', me.email, 'admin'])).code).toBe(0);
    const ok = await gql(other(), SET_FLAG, ADMIN_PROBE, { token: me.access });
    expect(ok.errors?.[0]?.extensions.code).toBe(AS_ADMIN);

    const result = await admin(['set-role', me.email.toUpperCase(), 'author']);

    expect(result.code).toBe(0);
    for (const replica of [a, other()]) {
      const res = await gql(replica, SET_FLAG, ADMIN_PROBE, { token: me.access });
      expect(res.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    }
    // Still signed in: a role change is not a sign-out.
    expect((await gql(other(), VIEWER, {}, { token: me.access })).data).toEqual({ viewer: { email: me.email } });
  });

  it('when a user is deleted while their token is live, the next request cannot create posts and their sessions are revoked', async () => {
    const me = await signUp(a);
    const created = await gql(other(), CREATE_POST, { input: { title: 'Before', body: 'x' } }, { token: me.access });
    expect(created.errors).toBeUndefined();

    const result = await admin(['delete-user', me.email]);

    expect(result).toMatchObject({ code: 0, out: `deleted ${me.email}; revoked 1 session(s)\n` });
    for (const replica of [a, other()]) {
      const res = await gql(replica, CREATE_POST, { input: { title: 'After', body: 'x' } }, { token: me.access });
      expect(res.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    }
    const refresh = await other().http().post('/api/v1/auth/refresh/').send({ refresh: me.refresh });
    expect(refresh.status).toBe(401);
    const again = await a.http().post('/api/v1/auth/token/').send({ email: me.email, password: PASSWORD });
    expect(again.status).toBe(401);
  });

  it('when an operator revokes a user’s sessions, every token of theirs is refused on the next request', async () => {
    const me = await signUp(a);
    const second = await login(a, me, 'phone');

    const result = await admin(['revoke-sessions', me.email]);

    expect(result).toMatchObject({ code: 0, out: `${me.email}: revoked 2 session(s)\n` });
    for (const token of [me.access, second.access]) {
      expect((await gql(other(), VIEWER, {}, { token })).errors?.[0]?.extensions.code).toBe('SESSION_REVOKED');
    }
  });

  it('when the first admin is created with a password from stdin, they can sign in as an admin', async () => {
    const email = uniqueEmail('first-admin');

    const result = await admin(['create-admin', email], `${PASSWORD}\n`);

    expect(result.code).toBe(0);
    expect(result.out).toMatch(new RegExp(`^created admin ${email} \\(id `));
    const session = await login(a, { email, password: PASSWORD });
    const res = await gql(other(), SET_FLAG, ADMIN_PROBE, { token: session.access });
    expect(res.errors?.[0]?.extensions.code).toBe(AS_ADMIN);
    expect(await admin(['create-admin', email], `${PASSWORD}\n`)).toMatchObject({ code: 1 });
  });

  it.each([
    [['set-role', 'not-an-email', 'admin'], 1, /is not an email address/],
    [['set-role', 'nobody@example.test', 'admin'], 1, /No account with the email nobody@example.test/],
    [['set-role', 'nobody@example.test', 'owner'], 1, /The role must be "author" or "admin"/],
    [['delete-user', 'nobody@example.test'], 1, /No account with the email/],
    [['create-admin', 'x@example.test'], 1, /password: must be at least \d+ characters/],
    [['frobnicate', 'x@example.test'], 2, /usage: npm run admin/],
    [['set-role', 'x@example.test'], 2, /wrong arguments for set-role/],
    [[], 2, /usage: npm run admin/],
  ])('when run as %j, it exits %i with a clear message', async (args, code, message) => {
    const result = await admin(args as string[], 'short\n');
    expect(result.code).toBe(code);
    expect(result.err).toMatch(message);
    expect(result.out).toBe('');
  });
});

withServices('npm run admin as a process', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const run = (args: string[], input = '') =>
    spawnSync(process.execPath, ['-r', '@swc-node/register', path.join(__dirname, '../../src/cli/admin.ts'), ...args], {
      input,
      encoding: 'utf8',
      env: {
        ...process.env,
        NODE_ENV: 'test',
        DATABASE_URL: testEnv.databaseUrl,
        REDIS_URL: testEnv.redisUrl,
        REDIS_KEY_PREFIX: t.config.redisKeyPrefix,
        ...TEST_SECRETS,
      },
      timeout: 60_000,
    });

  it('when a promoted user’s token is live, the process changes the role and the next request sees it', async () => {
    const me = await signUp(t);

    const result = run(['set-role', me.email, 'admin']);

    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('role author -> admin');
    const res = await gql(t, SET_FLAG, ADMIN_PROBE, { token: me.access });
    expect(res.errors?.[0]?.extensions.code).toBe(AS_ADMIN);
  });

  it('when the email is not an email, the process exits non-zero saying so', () => {
    const result = run(['delete-user', 'nope']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^admin: "nope" is not an email address.\n/);
  });
});
