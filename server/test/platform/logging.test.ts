import { startTestApp, type TestApp } from '../support/test-app';

describe('request logging', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      app: {
        mount: (app) => {
          app.post('/api/v1/__echo', (req, res) => {
            req.context!.userId = 'user-42';
            // A feature logging a whole body by mistake must still not leak secrets.
            res.locals.logged = true;
            res.json({ ok: true });
          });
        },
      },
    });
  });
  afterAll(() => t.close());

  it('writes one access line with request_id, user_id, method, route, status_code and latency_ms', async () => {
    await t.http().post('/api/v1/__echo').set('X-Request-ID', 'access-1').send({ hello: 'world' });
    const [line] = t.logs.find((entry) => entry.request_id === 'access-1' && entry.msg === 'request completed');
    expect(line).toMatchObject({
      request_id: 'access-1',
      user_id: 'user-42',
      method: 'POST',
      route: '/api/v1/__echo',
      status_code: 200,
      latency_ms: expect.any(Number),
    });
    // Its fixed fields and pino's own, nothing else (the access line skips the redaction walk:
    // every name here must stay one that is never a secret's).
    expect(Object.keys(line!).sort()).toEqual(
      [
        'client_address',
        'latency_ms',
        'level',
        'method',
        'msg',
        'request_id',
        'route',
        'service',
        'status_code',
        'time',
        'user_id',
        'version',
      ].sort(),
    );
  });

  it('names the GraphQL operation in the access line', async () => {
    await t
      .http()
      .post('/api/v1/graphql')
      .set('X-Request-ID', 'access-gql')
      .send({ query: 'query NodesProbe { nodes(ids: []) { id } }' });
    const [line] = t.logs.find((entry) => entry.request_id === 'access-gql' && entry.msg === 'request completed');
    expect(line).toMatchObject({ operation: 'NodesProbe', route: '/api/v1/graphql', status_code: 200 });
  });

  it('names the GraphQL endpoint as its route even when the request is refused before it runs', async () => {
    const refusals = [
      { id: 'refused-415', encoding: 'zstd', body: '{"query":"{ nodes(ids: []) { id } }"}' },
      { id: 'refused-json', encoding: 'identity', body: '{"query":' },
      { id: 'refused-nul', encoding: 'identity', body: '{"query":"{ post(slug: \\"a\\u0000\\") { id } }"}' },
    ];
    for (const { id, encoding, body } of refusals) {
      const response = await t
        .http()
        .post('/api/v1/graphql')
        .set('X-Request-ID', id)
        .set('Content-Type', 'application/json')
        .set('Content-Encoding', encoding)
        .send(body);
      expect(response.status).toBeGreaterThanOrEqual(400);
      const [line] = t.logs.find((entry) => entry.request_id === id && entry.msg === 'request completed');
      expect(line).toMatchObject({ route: '/api/v1/graphql', status_code: response.status });
      expect(line).not.toHaveProperty('path');
    }
  });

  it('never writes passwords, tokens, cookies or Authorization headers', async () => {
    await t
      .http()
      .post('/api/v1/__echo')
      .set('Authorization', 'Bearer super-secret-access-token')
      .set('Cookie', 'inkwell_refresh=super-secret-cookie')
      .set('X-Request-ID', 'secret-1')
      .send({ password: 'hunter2-password', refreshToken: 'super-secret-refresh' });
    const { createLogger } = await import('../../src/platform/observability/logger');
    // Even a careless log call with the request's secrets is redacted.
    const { LogCapture } = await import('../support/log-capture');
    const capture = new LogCapture();
    createLogger('info', capture).info(
      {
        headers: { authorization: 'Bearer x-secret', cookie: 'c-secret' },
        body: { password: 'p-secret', refresh: 'r-secret' },
      },
      'careless',
    );
    const everything = [...t.logs.raw, ...capture.raw].join('\n');
    for (const secret of ['super-secret', 'hunter2', 'x-secret', 'c-secret', 'p-secret', 'r-secret']) {
      expect(everything).not.toContain(secret);
    }
    expect(t.logs.find((entry) => entry.request_id === 'secret-1')).not.toHaveLength(0);
  });
});
