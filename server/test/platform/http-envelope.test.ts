import express from 'express';
import helmet from 'helmet';
import request from 'supertest';
import { AppError } from '../../src/platform/errors/app-error';
import { BASELINE_SECURITY, securityHeaders } from '../../src/platform/http/security-headers';
import { startTestApp, type TestApp } from '../support/test-app';

describe('REST envelope and request ids', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      app: {
        mount: (app) => {
          app.get('/api/v1/__explode', () => {
            throw new Error('select * from users where password_hash = $1 -- relation "secret" does not exist');
          });
          app.get('/api/v1/__explode-async', async () => {
            await Promise.resolve();
            throw new Error('connection to 10.1.2.3 refused');
          });
          // A service's field error, named as GraphQL names the fields.
          app.post('/api/v1/__field-error', () => {
            throw new AppError('BAD_USER_INPUT', 'Some fields are invalid.', {
              details: { refreshToken: ['is too long'], newPassword: ['is too short'], email: ['is required'] },
            });
          });
          app.post('/api/v1/__forbidden', () => {
            throw new AppError('FORBIDDEN', 'Not with this token.', { details: { refreshToken: 'kept as it is' } });
          });
        },
      },
    });
  });
  afterAll(() => t.close());

  it('echoes a valid caller X-Request-ID in the header and the body', async () => {
    const res = await t.http().get('/health/').set('X-Request-ID', 'client-abc.123:x_y-z');
    expect(res.status).toBe(200);
    expect(res.headers['x-request-id']).toBe('client-abc.123:x_y-z');
    expect(res.body).toEqual({
      data: expect.objectContaining({ status: 'ok' }),
      meta: { request_id: 'client-abc.123:x_y-z' },
      error: null,
    });
  });

  it('names field errors in REST details as REST bodies name the fields, whichever door raised them', async () => {
    const res = await t.http().post('/api/v1/__field-error').send({});
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({
      code: 'BAD_USER_INPUT',
      message: 'Some fields are invalid.',
      details: { refresh: ['is too long'], password: ['is too short'], email: ['is required'] },
    });
  });

  it('leaves the details of other errors as they are', async () => {
    const res = await t.http().post('/api/v1/__forbidden').send({});
    expect(res.status).toBe(403);
    expect(res.body.error.details).toEqual({ refreshToken: 'kept as it is' });
  });

  it('sets baseline security headers and does not advertise the framework', async () => {
    const res = await t.http().get('/health/');
    expect(res.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'referrer-policy': 'no-referrer',
    });
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it("sets exactly helmet's headers for the baseline, worked out once", async () => {
    const plain = express();
    plain.use(helmet(BASELINE_SECURITY));
    plain.get('/health/', (_req, res) => void res.send('ok'));
    const fromHelmet = await request(plain).get('/health/');
    const helmetNames = Object.keys(fromHelmet.headers).filter(
      (name) => !['content-type', 'content-length', 'etag', 'date', 'connection', 'keep-alive'].includes(name),
    );
    expect(helmetNames.length).toBeGreaterThanOrEqual(8);
    const ours = await t.http().get('/health/');
    for (const name of helmetNames) expect([name, ours.headers[name]]).toEqual([name, fromHelmet.headers[name]]);
    // A policy that could depend on the request is helmet's to apply per request.
    expect(() => securityHeaders({})).toThrow(/content security policy/);
  });

  it('generates an id when none is sent', async () => {
    const res = await t.http().get('/health/');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body.meta.request_id).toBe(res.headers['x-request-id']);
  });

  it.each([
    ['500 characters', 'a'.repeat(500)],
    ['129 characters', 'b'.repeat(129)],
    ['a space', 'abc def'],
    ['a slash', 'abc/def'],
  ])('replaces an invalid id (%s)', async (_label, bad) => {
    const res = await t.http().get('/health/').set('X-Request-ID', bad);
    expect(res.headers['x-request-id']).not.toBe(bad);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('replaces an id carrying a newline', async () => {
    const { resolveRequestId } = await import('../../src/platform/http/request-id');
    expect(resolveRequestId('abc\ndef')).not.toBe('abc\ndef');
    expect(resolveRequestId('abc\r\nSet-Cookie: x=1')).toMatch(/^[0-9a-f-]{36}$/);
    expect(resolveRequestId('ok-id')).toBe('ok-id');
  });

  it('answers unknown routes with a 404 envelope', async () => {
    for (const path of ['/api/v1/nope', '/nope', '/api/v2/graphql']) {
      const res = await t.http().get(path);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({
        data: null,
        meta: { request_id: res.headers['x-request-id'] },
        error: { code: 'NOT_FOUND', message: 'No such route.' },
      });
    }
  });

  it('answers malformed JSON with 400 BAD_USER_INPUT', async () => {
    const res = await t.http().post('/api/v1/auth/token/').set('Content-Type', 'application/json').send('{"email": ');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('BAD_USER_INPUT');
    expect(res.body.data).toBeNull();
  });

  it('answers a body over the limit with 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await t
      .http()
      .post('/api/v1/graphql')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ query: '{ __typename }', padding: 'x'.repeat(200 * 1024) }));
    expect(res.status).toBe(413);
    // A GraphQL endpoint answers in GraphQL's shape, with the same code.
    expect(res.body.errors[0].extensions).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', status: 413 });
    expect(res.body.extensions.meta.requestId).toEqual(expect.any(String));
    const rest = await t
      .http()
      .post('/api/v1/auth/token/')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ padding: 'x'.repeat(200 * 1024) }));
    expect(rest.status).toBe(413);
    expect(rest.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it.each(['/api/v1/__explode', '/api/v1/__explode-async'])(
    'answers an unexpected error (%s) with 500 and the request id, revealing nothing',
    async (path) => {
      const id = `trace-500${path.length}`;
      const res = await t.http().get(path).set('X-Request-ID', id);
      expect(res.status).toBe(500);
      expect(res.body).toEqual({
        data: null,
        meta: { request_id: id },
        error: { code: 'INTERNAL_SERVER_ERROR', message: expect.any(String) },
      });
      expect(res.text).not.toMatch(/select|password|relation|10\.1\.2\.3|\bat\b.*\.ts/);
      const logged = t.logs.find((line) => line.request_id === id && line.msg === 'unhandled error');
      expect(logged).toHaveLength(1);
    },
  );
});
