import type { GraphQLFormattedError } from 'graphql';
import { createFormatError } from '../../src/platform/graphql/format-error';
import { AppError } from '../../src/platform/errors/app-error';
import { createLogger } from '../../src/platform/observability/logger';
import { isSecretKey, redactSecrets } from '../../src/platform/observability/redact';
import { LogCapture } from '../support/log-capture';
import { startTestApp, type TestApp } from '../support/test-app';

/** A secret per field name the issue lists, each with a marker to search the logs for. */
const SECRETS = {
  password: 'SECRET-password-1',
  newPassword: 'SECRET-newPassword-2',
  currentPassword: 'SECRET-currentPassword-3',
  token: 'SECRET-token-4',
  refreshToken: 'SECRET-refreshToken-5',
  accessToken: 'SECRET-accessToken-6',
  authorization: 'SECRET-authorization-7',
  cookie: 'SECRET-cookie-8',
  resetToken: 'SECRET-resetToken-9',
  verificationToken: 'SECRET-verificationToken-10',
};

/** The secrets buried a few levels down, in objects, arrays and an Error's own fields. */
const nested = () => ({
  variables: { input: { email: 'ada@example.test', password: SECRETS.password } },
  deep: {
    a: { b: { c: { d: { refreshToken: SECRETS.refreshToken, list: [{ accessToken: SECRETS.accessToken }] } } } },
  },
  request: { headers: { Authorization: SECRETS.authorization, Cookie: SECRETS.cookie } },
  change: [{ currentPassword: SECRETS.currentPassword, newPassword: SECRETS.newPassword }],
  mail: { reset_token: SECRETS.resetToken, verification: { verificationToken: SECRETS.verificationToken } },
  token: SECRETS.token,
});

const errorWithSecrets = () => Object.assign(new Error('boom'), { context: nested() });

function expectNoSecret(lines: readonly string[]) {
  const text = lines.join('\n');
  for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
  expect(text).toContain('[redacted]');
}

describe('secrets never reach a log, at any depth', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      app: {
        mount: (app) => {
          app.post('/api/v1/__explode', () => {
            throw errorWithSecrets();
          });
          app.post('/api/v1/__down', () => {
            throw new AppError('SERVICE_UNAVAILABLE', 'down', { cause: errorWithSecrets() });
          });
        },
      },
    });
  });
  afterAll(() => t.close());

  it('the logger redacts by key name at any depth, in objects, arrays, errors and their causes', () => {
    const capture = new LogCapture();
    const logger = createLogger('info', capture);

    logger.info(nested(), 'careless');
    logger.error({ err: errorWithSecrets() }, 'failed');
    logger.warn({ err: new Error('outer', { cause: errorWithSecrets() }) }, 'wrapped');
    logger.child({ session: nested() }).info({ extra: nested() }, 'child');

    expectNoSecret(capture.raw);
    expect(capture.lines[1]).toMatchObject({ err: { type: 'Error', message: 'boom' } });
    expect(capture.lines[0]).toMatchObject({
      variables: '[redacted]',
      deep: { a: { b: { c: { d: { list: [{ accessToken: '[redacted]' }] } } } } },
    });
  });

  it('the access log, the error handler and GraphQL error formatting never write them', async () => {
    await t
      .http()
      .post(`/api/v1/__explode?token=${SECRETS.token}`)
      .set('Authorization', `Bearer ${SECRETS.authorization}`)
      .set('Cookie', `inkwell_refresh=${SECRETS.cookie}`)
      .send(nested())
      .expect(500);
    await t.http().post('/api/v1/__down').send(nested()).expect(503);
    // Auth mutations through GraphQL: their variables are never logged.
    await t
      .http()
      .post('/api/v1/graphql')
      .send({
        query: 'mutation L($input: LoginInput!) { login(input: $input) { accessToken } }',
        variables: { input: { email: 'nobody@example.test', password: SECRETS.password } },
      });
    await t
      .http()
      .post('/api/v1/graphql')
      .send({
        query: 'mutation R($input: RefreshTokenInput!) { refreshToken(input: $input) { accessToken } }',
        variables: { input: { refreshToken: SECRETS.refreshToken } },
      });
    // GraphQL's formatter logs unexpected errors: with secrets nested inside them.
    const formatterCapture = new LogCapture();
    createFormatError(createLogger('info', formatterCapture))(
      { message: 'x' } as GraphQLFormattedError,
      errorWithSecrets(),
    );

    expectNoSecret([...t.logs.raw, ...formatterCapture.raw]);
    expect(t.logs.find((line) => line.msg === 'unhandled error')).toHaveLength(1);
    expect(formatterCapture.find((line) => line.msg === 'unexpected GraphQL error')).toHaveLength(1);
  });

  it('names secrets by key, whatever the case or separator, and leaves other fields alone', () => {
    for (const key of [
      'password',
      'Authorization',
      'set-cookie',
      'refresh_token',
      'emailVerificationToken',
      'x-refresh-token',
    ]) {
      expect(isSecretKey(key)).toBe(true);
    }
    for (const key of ['email', 'token_version', 'tokenType', 'user_id', 'request_id'])
      expect(isSecretKey(key)).toBe(false);
    const cyclic: Record<string, unknown> = { password: 'p' };
    cyclic.self = cyclic;
    expect(redactSecrets(cyclic)).toEqual({ password: '[redacted]', self: '[circular]' });
  });
});
