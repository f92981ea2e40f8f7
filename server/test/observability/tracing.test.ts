import { randomBytes } from 'node:crypto';
import { testEnv } from '../support/env';
import { startOtlpReceiver, type ReceivedSpan } from '../support/otlp-receiver';
import { startServerProcess, type ServerProcess } from '../support/server-process';

const PASSWORD = 'correct horse battery staple';
const VIEWER = 'query ViewerQuery { viewer { user { id displayName } sessions { id device } } }';
const SPAN_KIND_SERVER = 2;

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Whether `span` descends from the span with id `ancestorId` within `spans`. */
function descendsFrom(span: ReceivedSpan, ancestorId: string, spans: readonly ReceivedSpan[]): boolean {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  for (let current = byId.get(span.parentSpanId); current; current = byId.get(current.parentSpanId)) {
    if (current.spanId === ancestorId) return true;
  }
  return span.parentSpanId === ancestorId;
}

const isSql = (span: ReceivedSpan) =>
  span.attributes['db.system'] === 'postgresql' || span.attributes['db.system.name'] === 'postgresql';
const isRedis = (span: ReceivedSpan) =>
  span.attributes['db.system'] === 'redis' || span.attributes['db.system.name'] === 'redis';

describe('OpenTelemetry traces', () => {
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
  let server: ServerProcess;
  let access: string;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    server = await startServerProcess({
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_SERVICE_NAME: 'inkwell-api-under-test',
      // The SDK's own knob: export every 100 ms instead of every 5 s.
      OTEL_BSP_SCHEDULE_DELAY: '100',
    });
    const email = `tracing-${randomBytes(4).toString('hex')}@example.test`;
    const headers = { 'content-type': 'application/json' };
    await fetch(`${server.url}/api/v1/auth/register/`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    const login = await fetch(`${server.url}/api/v1/auth/token/`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    access = ((await login.json()) as { data: { access: string } }).data.access;
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    await receiver?.close();
  });

  it('exports HTTP → GraphQL → SQL and Redis spans in one trace, under the caller’s traceparent, each with request.id', async () => {
    if (testEnv.embedded) return; // no pg or ioredis to instrument in embedded mode
    const traceId = randomBytes(16).toString('hex');
    const callerSpanId = randomBytes(8).toString('hex');
    const requestId = `trace-test-${randomBytes(4).toString('hex')}`;
    const res = await fetch(`${server.url}/api/v1/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${access}`,
        traceparent: `00-${traceId}-${callerSpanId}-01`,
        'x-request-id': requestId,
      },
      body: JSON.stringify({ query: VIEWER }),
    });
    const body = (await res.json()) as { data: { viewer: unknown }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data.viewer).not.toBeNull();

    const inTrace = () => receiver.spans.filter((span) => span.traceId === traceId);
    const spans = await until('the SQL, Redis and HTTP spans of the request', () => {
      const spans = inTrace();
      const done = spans.some(isSql) && spans.some(isRedis) && spans.some((s) => s.kind === SPAN_KIND_SERVER);
      return done ? spans : undefined;
    });

    const httpSpan = spans.find((span) => span.kind === SPAN_KIND_SERVER)!;
    expect(httpSpan.parentSpanId).toBe(callerSpanId);
    expect(httpSpan.name).toBe('POST /api/v1/graphql');
    expect(httpSpan.service).toBe('inkwell-api-under-test');
    const operation = spans.find((span) => span.name === 'query ViewerQuery');
    expect(operation).toBeDefined();
    expect(operation!.attributes['graphql.operation.name']).toBe('ViewerQuery');
    expect(descendsFrom(operation!, httpSpan.spanId, spans)).toBe(true);
    const io = spans.filter((span) => isSql(span) || isRedis(span));
    expect(io.filter(isSql).length).toBeGreaterThan(0);
    expect(io.filter(isRedis).length).toBeGreaterThan(0);
    for (const span of io) expect(descendsFrom(span, operation!.spanId, spans)).toBe(true);
    for (const span of spans) expect([span.name, span.attributes['request.id']]).toEqual([span.name, requestId]);
  });

  it('starts a trace of its own without a traceparent, and its log lines carry trace_id and span_id', async () => {
    const requestId = `trace-log-${randomBytes(4).toString('hex')}`;
    const res = await fetch(`${server.url}/api/v1/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': requestId },
      body: JSON.stringify({ query: 'query Broken { noSuchField }' }),
    });
    expect(res.status).toBe(400);

    const httpSpan = await until('the HTTP span', () =>
      receiver.spans.find((span) => span.kind === SPAN_KIND_SERVER && span.attributes['request.id'] === requestId),
    );
    expect(httpSpan.parentSpanId).toBe('');
    const line = await until('the access log line', () =>
      server.logLines().find((line) => line.request_id === requestId && line.msg === 'request completed'),
    );
    expect(line.trace_id).toBe(httpSpan.traceId);
    expect(line.span_id).toMatch(/^[0-9a-f]{16}$/);
    expect(receiver.spans.some((span) => span.spanId === line.span_id)).toBe(true);
  });

  it('serves /metrics on METRICS_PORT only, and traces no scrape', async () => {
    const graphql = await fetch(`${server.url}/api/v1/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ featureFlags { key } }' }),
    });
    expect(graphql.status).toBe(200);
    const publicId = `public-metrics-${randomBytes(4).toString('hex')}`;
    const scrapeId = `scrape-${randomBytes(4).toString('hex')}`;
    const publicPort = await fetch(`${server.url}/metrics`, { headers: { 'x-request-id': publicId } });
    expect(publicPort.status).toBe(404);
    const scrape = await fetch(`${server.metricsUrl}/metrics`, { headers: { 'x-request-id': scrapeId } });
    expect(scrape.status).toBe(200);
    expect(await scrape.text()).toMatch(
      /^http_server_request_duration_seconds_count\{method="POST",route="\/api\/v1\/graphql",status_code="200"\} [1-9]/m,
    );

    // The public port's 404 is traced like any request; the scrape is not traced at all.
    await until('the span of the public 404', () =>
      receiver.spans.find((span) => span.attributes['request.id'] === publicId),
    );
    expect(receiver.spans.filter((span) => span.attributes['request.id'] === scrapeId)).toEqual([]);
  });

  it('names a REST request’s span after its route template, with http.route, and nests its SQL under it', async () => {
    if (testEnv.embedded) return;
    const requestId = `trace-rest-${randomBytes(4).toString('hex')}`;
    const res = await fetch(`${server.url}/api/v1/posts/no-such-post-${randomBytes(3).toString('hex')}/`, {
      headers: { 'x-request-id': requestId },
    });
    expect(res.status).toBe(404);
    const spans = await until('the REST request’s HTTP and SQL spans', () => {
      const own = receiver.spans.filter((span) => span.attributes['request.id'] === requestId);
      return own.some((s) => s.kind === SPAN_KIND_SERVER) && own.some(isSql) ? own : undefined;
    });
    const httpSpan = spans.find((span) => span.kind === SPAN_KIND_SERVER)!;
    expect(httpSpan.name).toBe('GET /api/v1/posts/:slug');
    expect(httpSpan.attributes['http.route']).toBe('/api/v1/posts/:slug');
    for (const span of spans.filter(isSql)) expect(descendsFrom(span, httpSpan.spanId, spans)).toBe(true);

    // A path no route matches keeps the method alone (never the raw path as a name).
    const unmatchedId = `trace-unmatched-${randomBytes(4).toString('hex')}`;
    await fetch(`${server.url}/api/v1/no-such-thing/12345`, { headers: { 'x-request-id': unmatchedId } });
    const unmatched = await until('the unmatched request’s span', () =>
      receiver.spans.find((span) => span.attributes['request.id'] === unmatchedId && span.kind === SPAN_KIND_SERVER),
    );
    expect(unmatched.name).toBe('GET');
    expect(unmatched.attributes['http.route']).toBeUndefined();
  });

  it('records no trace outside a request: every span exported carries a request id', () => {
    // Startup parses the persisted-query allowlist and checks the schema: no traces of their own.
    const strays = receiver.spans.filter((span) => span.attributes['request.id'] === undefined);
    expect(strays.map((span) => span.name)).toEqual([]);
    expect(receiver.spans.length).toBeGreaterThan(0);
  });
});
