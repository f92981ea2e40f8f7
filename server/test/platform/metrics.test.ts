import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gql, login, refreshRest, register, uniqueEmail } from '../support/auth';
import { testEnv } from '../support/env';
import { TcpProxy, viaProxy } from '../support/tcp-proxy';
import { CONTRACT_METRICS, parseExposition, scrape, valueOf } from '../support/metrics';
import { startTestApp, type TestApp } from '../support/test-app';

const FEED = 'query FeedQuery { posts(first: 2) { edges { node { id title } } } }';

describe('Prometheus metrics', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_REGISTER: '1/1h' } });
  });
  afterAll(() => t.close());

  it('are served on the metrics port, in the Prometheus text format, and not on the public port', async () => {
    const res = await fetch(`${t.metricsUrl}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    const text = await res.text();
    for (const name of [
      ...CONTRACT_METRICS,
      'nodejs_eventloop_lag_seconds',
      'process_cpu_seconds_total',
      'dependency_up',
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }

    const publicPort = await fetch(`${t.url}/metrics`);
    expect(publicPort.status).toBe(404);
    expect(await publicPort.text()).not.toContain('http_server_request_duration_seconds');
    expect((await fetch(`${t.metricsUrl}/anything-else`)).status).toBe(404);
    expect((await fetch(`${t.metricsUrl}/metrics`, { method: 'POST' })).status).toBe(405);
  });

  it('moves counters and histograms by the traffic sent, with route templates and no raw ids', async () => {
    const before = await scrape(t.metricsUrl);
    const http = { method: 'GET', route: '/health/', status_code: '200' };
    const feed = { operation_name: 'FeedQuery', operation_type: 'query', outcome: 'success' };

    for (let i = 0; i < 3; i++) expect((await t.http().get('/health/')).status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await gql(t, FEED)).errors).toBeUndefined();
    const invalid = await gql(t, 'query Broken { noSuchField }');
    expect(invalid.errors?.[0]?.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    // A raw slug and a raw unknown path: the labels must carry neither.
    expect((await t.http().get('/api/v1/posts/some-raw-slug-4242/')).status).toBe(404);
    expect((await t.http().get('/api/v1/no-such-thing/9f1c2e7a')).status).toBe(404);

    const email = uniqueEmail('metrics');
    const user = await register(t, email);
    const refused = await t
      .http()
      .post('/api/v1/auth/register/')
      .send({ email: uniqueEmail(), password: 'x'.repeat(12) });
    expect(refused.status).toBe(429);
    expect((await t.http().post('/api/v1/auth/token/').send({ email, password: 'wrong password!' })).status).toBe(401);
    const me = await login(t, user);
    const first = await refreshRest(t, me.refresh);
    expect((await refreshRest(t, first.body.data.refresh)).status).toBe(200);
    expect((await refreshRest(t, me.refresh)).body.error.code).toBe('REFRESH_REUSED');

    const after = await scrape(t.metricsUrl);
    const delta = (name: string, labels: Record<string, string> = {}) =>
      valueOf(after, name, labels) - valueOf(before, name, labels);

    expect(delta('http_server_request_duration_seconds_count', http)).toBe(3);
    expect(delta('http_server_request_duration_seconds_bucket', { ...http, le: '+Inf' })).toBe(3);
    expect(delta('http_server_request_duration_seconds_sum', http)).toBeGreaterThan(0);
    expect(
      delta('http_server_request_duration_seconds_count', {
        method: 'POST',
        route: '/api/v1/graphql',
        status_code: '200',
      }),
    ).toBe(2);
    // The second, identical anonymous query is answered by the response cache: Apollo never sees it.
    expect(delta('graphql_operation_duration_seconds_count', feed)).toBe(1);
    expect(delta('response_cache_requests_total', { result: 'hit' })).toBe(1);
    expect(delta('graphql_operation_duration_seconds_count', { outcome: 'error' })).toBe(1);
    expect(delta('graphql_errors_total', { code: 'GRAPHQL_VALIDATION_FAILED' })).toBe(1);
    expect(
      delta('http_server_request_duration_seconds_count', { route: '/api/v1/posts/:slug', status_code: '404' }),
    ).toBe(1);
    expect(delta('http_server_request_duration_seconds_count', { route: 'unmatched', status_code: '404' })).toBe(1);
    expect(delta('rate_limit_rejections_total', { bucket: 'register' })).toBe(1);
    expect(delta('auth_events_total', { event: 'register' })).toBe(1);
    expect(delta('auth_events_total', { event: 'login_failure' })).toBe(1);
    expect(delta('auth_events_total', { event: 'login_success' })).toBe(1);
    expect(delta('auth_events_total', { event: 'refresh' })).toBe(2);
    expect(delta('auth_events_total', { event: 'refresh_reuse' })).toBe(1);
    expect(delta('auth_events_total', { event: 'session_revoked' })).toBe(1);

    const labelValues = after.flatMap((sample) => Object.values(sample.labels));
    for (const raw of ['some-raw-slug-4242', '9f1c2e7a', email, user.userId, me.refresh, me.access]) {
      expect(labelValues.filter((value) => value.includes(raw))).toEqual([]);
    }
    expect(valueOf(after, 'dependency_up', { dependency: 'postgres' })).toBe(1);
    expect(valueOf(after, 'dependency_up', { dependency: 'redis' })).toBe(1);
  });

  it("labels a route by its template whatever the case of the caller's path", async () => {
    const before = await scrape(t.metricsUrl);
    for (const path of ['/HEALTH/', '/Health/', '/health/']) expect((await t.http().get(path)).status).toBe(200);
    expect((await t.http().get('/API/V1/POSTS/No-Such-Slug-7/')).status).toBe(404);
    const after = await scrape(t.metricsUrl);
    const delta = (labels: Record<string, string>) =>
      valueOf(after, 'http_server_request_duration_seconds_count', labels) -
      valueOf(before, 'http_server_request_duration_seconds_count', labels);
    expect(delta({ method: 'GET', route: '/health/', status_code: '200' })).toBe(3);
    expect(delta({ method: 'GET', route: '/api/v1/posts/:slug', status_code: '404' })).toBe(1);
    const routes = after.flatMap((sample) => (sample.labels.route === undefined ? [] : [sample.labels.route]));
    expect(routes.filter((route) => route !== route.toLowerCase())).toEqual([]);
    const lines = t.logs.find((entry) => entry.msg === 'request completed' && entry.path === undefined);
    expect(lines.map((line) => line.route).filter((route) => String(route).toLowerCase() !== route)).toEqual([]);
  });

  it('counts the response cache: a repeated anonymous query is a miss, then a hit', async () => {
    const before = await scrape(t.metricsUrl);
    const query = `query CachedFeed { posts(first: 2) { edges { node { id } } } }`;
    const first = await t.http().post('/api/v1/graphql').send({ query });
    const second = await t.http().post('/api/v1/graphql').send({ query });
    expect([first.headers['x-cache'], second.headers['x-cache']]).toEqual(['MISS', 'HIT']);
    const after = await scrape(t.metricsUrl);
    const delta = (result: string) =>
      valueOf(after, 'response_cache_requests_total', { result }) -
      valueOf(before, 'response_cache_requests_total', { result });
    expect([delta('miss'), delta('hit')]).toEqual([1, 1]);
  });

  it('keeps operation names bounded: 1,000 invented names fold into `other`, allowlisted ones keep theirs', async () => {
    const names = Array.from({ length: 1_000 }, (_, i) => `Invented${i}`);
    for (let i = 0; i < names.length; i += 50) {
      await Promise.all(names.slice(i, i + 50).map((name) => gql(t, `query ${name} { featureFlags { key } }`)));
    }
    // An operation of the persisted-query allowlist, sent by id after the flood.
    const persisted = await t
      .http()
      .post('/api/v1/graphql')
      .send({ id: await allowlistedId('query PostRouteQuery'), variables: { slug: 'nope' } });
    expect(persisted.status).toBe(200);

    const samples = await scrape(t.metricsUrl);
    const operationNames = new Set(
      samples
        .filter((sample) => sample.name === 'graphql_operation_duration_seconds_count')
        .map((sample) => sample.labels.operation_name),
    );
    expect(operationNames.size).toBeLessThanOrEqual(110);
    expect(operationNames).toContain('other');
    expect(operationNames).toContain('PostRouteQuery');
    expect(valueOf(samples, 'graphql_operation_duration_seconds_count', { operation_name: 'other' })).toBeGreaterThan(
      800,
    );
    expect(samples.length).toBeLessThan(5_000);
  }, 120_000);

  it('reports the pool, and exposes nothing in the text but valid samples', async () => {
    const text = await (await fetch(`${t.metricsUrl}/metrics`)).text();
    const samples = parseExposition(text);
    for (const state of ['used', 'idle', 'waiting']) {
      expect(samples.some((s) => s.name === 'db_pool_connections' && s.labels.state === state)).toBe(!testEnv.embedded);
    }
  });
});

describe('the public port with the web client built', () => {
  it('answers /metrics with the 404 envelope, not the SPA shell, and a malformed URL with 400', async () => {
    const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'inkwell-dist-'));
    fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Inkwell</title>');
    const t = await startTestApp({ env: { CLIENT_DIST_DIR: dist } });
    try {
      expect((await t.http().get('/some/page').set('Accept', 'text/html')).text).toContain('<title>Inkwell');
      const metrics = await t.http().get('/metrics').set('Accept', '*/*');
      expect(metrics.status).toBe(404);
      expect(metrics.body.error.code).toBe('NOT_FOUND');
      const malformed = await t.http().get('/api/v1/posts/%ZZ/');
      expect(malformed.status).toBe(400);
      expect(malformed.body.error.code).toBe('BAD_USER_INPUT');
    } finally {
      await t.close();
      fs.rmSync(dist, { recursive: true, force: true });
    }
  });
});

describe('Prometheus metrics turned off (METRICS_PORT=0)', () => {
  it('records nothing and serves no metrics, while the API works as before', async () => {
    const t = await startTestApp({ env: { METRICS_PORT: '0' } });
    try {
      expect(t.app.metrics).toBeNull();
      expect(t.app.metricsServer).toBeNull();
      expect((await gql(t, FEED)).errors).toBeUndefined();
      expect((await t.http().get('/metrics')).status).toBe(404);
    } finally {
      await t.close();
    }
  });
});

describe('Prometheus metrics when PostgreSQL and Redis drop and come back', () => {
  it('reports them down (and counts failed Redis commands), then up again', async () => {
    if (testEnv.embedded) return;
    const pg = new URL(testEnv.databaseUrl!);
    const redis = new URL(testEnv.redisUrl!);
    const pgProxy = new TcpProxy(pg.hostname, Number(pg.port || 5432));
    const redisProxy = new TcpProxy(redis.hostname, Number(redis.port || 6379));
    await pgProxy.start();
    await redisProxy.start();
    const t = await startTestApp({
      databaseUrl: viaProxy(testEnv.databaseUrl!, pgProxy),
      redisUrl: viaProxy(testEnv.redisUrl!, redisProxy),
    });
    const up = async () => {
      const samples = await scrape(t.metricsUrl);
      return {
        postgres: valueOf(samples, 'dependency_up', { dependency: 'postgres' }),
        redis: valueOf(samples, 'dependency_up', { dependency: 'redis' }),
        redisErrors: valueOf(samples, 'redis_command_errors_total'),
      };
    };
    try {
      expect(await up()).toEqual({ postgres: 1, redis: 1, redisErrors: 0 });

      await pgProxy.stop();
      await redisProxy.stop();
      const login = await t
        .http()
        .post('/api/v1/auth/token/')
        .send({ email: uniqueEmail(), password: 'whatever pass' });
      expect(login.status).toBe(503);
      const down = await up();
      expect(down).toMatchObject({ postgres: 0, redis: 0 });
      expect(down.redisErrors).toBeGreaterThanOrEqual(1);

      await pgProxy.start();
      await redisProxy.start();
      const deadline = Date.now() + 10_000;
      let again = await up();
      while (Date.now() < deadline && (again.postgres !== 1 || again.redis !== 1)) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        again = await up();
      }
      expect(again).toMatchObject({ postgres: 1, redis: 1 });
    } finally {
      await t.close();
      await pgProxy.stop();
      await redisProxy.stop();
    }
  }, 60_000);
});

async function allowlistedId(prefix: string): Promise<string> {
  const fs = await import('node:fs');
  const path = await import('node:path');
  const file = path.join(__dirname, '..', '..', '..', 'schema', 'persisted-queries.json');
  const entries = Object.entries(JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>);
  const entry = entries.find(([, text]) => text.startsWith(prefix));
  if (!entry) throw new Error(`no allowlisted operation starts with ${prefix}`);
  return entry[0];
}
