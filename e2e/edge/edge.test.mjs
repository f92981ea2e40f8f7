// The edge as deployed: the real nginx config in front of two API replicas.
// Run with e2e/edge/run.sh. Tests share one stack and run in file order; the
// rate-limit test goes last because it exhausts the auth bucket for 127.0.0.1.

import assert from 'node:assert/strict';
import { request as httpsRequest } from 'node:https';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { accessLogEntries, sleep, startStack, stopStack } from './harness.mjs';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
let stack;

before(async () => {
  stack = await startStack();
});

after(async () => {
  if (stack) await stopStack(stack);
});

const uniqueId = (label) => `${label}-${randomBytes(6).toString('hex')}`;

function edge(path, init = {}) {
  return fetch(`${stack.nginx.origin}${path}`, {
    ...init,
    signal: AbortSignal.timeout(10_000),
  });
}

function postJson(origin, path, body, headers = {}) {
  return fetch(`${origin}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
}

/** Log lines are written asynchronously: look again for a moment before failing. */
async function eventually(find, what) {
  for (let i = 0; i < 40; i += 1) {
    const found = find();
    if (found) return found;
    await sleep(50);
  }
  assert.fail(`not found: ${what}`);
}

const edgeLogLine = (id) =>
  eventually(
    () => accessLogEntries(stack).find((entry) => entry.request_id === id),
    `nginx access log line with request_id ${id}`,
  );

const apiLogLine = (id) =>
  eventually(
    () => stack.replicas.flatMap((replica) => replica.logs).find((line) => line.request_id === id),
    `API log line with request_id ${id}`,
  );

test('the request id travels client -> nginx -> API and back, and is in both logs', async () => {
  const id = uniqueId('edge-trace');
  const res = await edge('/health/', { headers: { 'X-Request-ID': id } });
  const body = await res.json();

  assert.equal(res.status, 200);
  assert.equal(res.headers.get('x-request-id'), id, "exactly one id, the caller's");
  assert.equal(body.meta.request_id, id, 'the API saw the same id');

  const edgeLine = await edgeLogLine(id);
  assert.equal(edgeLine.status, 200);
  assert.match(edgeLine.upstream_addr, /^127\.0\.0\.1:\d+$/);
  assert.equal(typeof edgeLine.request_time, 'number');
  await apiLogLine(id);

  const gqlId = uniqueId('edge-gql');
  const gql = await postJson(
    stack.nginx.origin,
    '/api/v1/graphql',
    { query: '{ __typename }' },
    { 'X-Request-ID': gqlId },
  );
  assert.equal(gql.headers.get('x-request-id'), gqlId);
  await apiLogLine(gqlId);
});

test("the caller's traceparent goes through nginx to the API, whose log lines carry its trace id", async () => {
  const id = uniqueId('edge-traceparent');
  const traceId = randomBytes(16).toString('hex');
  const traceparent = `00-${traceId}-${randomBytes(8).toString('hex')}-01`;
  const res = await postJson(
    stack.nginx.origin,
    '/api/v1/graphql',
    { query: '{ __typename }' },
    {
      'X-Request-ID': id,
      traceparent,
    },
  );
  assert.equal(res.status, 200);
  const apiLine = await eventually(
    () => stack.replicas.flatMap((replica) => replica.logs).find((line) => line.request_id === id && line.trace_id),
    `API log line with request_id ${id} and a trace id`,
  );
  assert.equal(apiLine.trace_id, traceId);
  assert.equal((await edgeLogLine(id)).traceparent, traceparent);
});

test('an invalid incoming request id is replaced, and the replacement is used end to end', async () => {
  for (const invalid of ['a'.repeat(200), 'has space', 'semi;colon', '']) {
    const res = await edge('/health/', { headers: { 'X-Request-ID': invalid } });
    const body = await res.json();
    const id = res.headers.get('x-request-id');

    assert.equal(res.status, 200);
    assert.notEqual(id, invalid);
    assert.match(id, REQUEST_ID);
    assert.equal(body.meta.request_id, id);
    await edgeLogLine(id);
    await apiLogLine(id);
  }
});

test('requests are spread over both replicas', async () => {
  const ids = [];
  for (let i = 0; i < 20; i += 1) {
    const id = uniqueId('edge-spread');
    ids.push(id);
    const res = await edge('/health/', { headers: { 'X-Request-ID': id } });
    assert.equal(res.status, 200);
    await res.arrayBuffer();
  }
  await edgeLogLine(ids.at(-1));
  const upstreams = new Set(
    accessLogEntries(stack)
      .filter((entry) => ids.includes(entry.request_id))
      .map((entry) => entry.upstream_addr),
  );
  const expected = stack.replicas.map((replica) => `127.0.0.1:${replica.port}`);
  assert.deepEqual([...upstreams].sort(), expected.sort());
});

test('the edge serves the client: immutable hashed assets, SPA fallback with no-cache, security headers', async () => {
  const asset = await edge('/assets/app-3f2a1b.js');
  assert.equal(asset.status, 200);
  assert.match(asset.headers.get('cache-control'), /immutable/);

  const route = await edge('/me/posts');
  assert.equal(route.status, 200);
  assert.match(await route.text(), /<title>Inkwell<\/title>/);
  assert.equal(route.headers.get('cache-control'), 'no-cache');
  assert.equal(route.headers.get('x-content-type-options'), 'nosniff');
  assert.match(route.headers.get('content-security-policy'), /frame-ancestors 'none'/);

  // Post pages, the feed, the sitemap and robots.txt are the API's (rendered for crawlers).
  const post = await edge('/posts/no-such-post');
  assert.equal(post.status, 404);
  assert.match(post.headers.get('content-type'), /^text\/html/);
  assert.match(await post.text(), /<meta name="robots" content="noindex" \/>/);
  const feed = await edge('/feed.xml');
  assert.equal(feed.status, 200);
  assert.match(feed.headers.get('content-type'), /^application\/atom\+xml/);
  await feed.arrayBuffer();
  const robots = await edge('/robots.txt');
  assert.match(await robots.text(), /^Sitemap: /m);

  const missing = await edge('/assets/missing-0000.js');
  assert.equal(missing.status, 404);

  const jwks = await edge('/.well-known/jwks.json');
  assert.equal(jwks.status, 200);
  assert.deepEqual(Object.keys(await jwks.json()), ['keys']);
  const unknown = await edge('/.well-known/openid-configuration', { headers: { Accept: 'text/html' } });
  assert.equal(unknown.status, 404);
  assert.equal((await unknown.json()).error.code, 'NOT_FOUND');

  const api = await edge('/health/');
  assert.equal(api.headers.get('x-powered-by'), null);
  assert.notEqual(api.headers.get('cache-control'), 'no-cache', 'the API decides its own caching');
});

test('a body over the limit is refused at the edge with 413 in the envelope', async () => {
  const res = await postJson(stack.nginx.origin, '/api/v1/auth/register/', {
    email: 'big@example.com',
    password: 'x'.repeat(200_000),
  });
  const body = await res.json();
  assert.equal(res.status, 413);
  assert.equal(body.error.code, 'PAYLOAD_TOO_LARGE');
  assert.equal(body.meta.request_id, res.headers.get('x-request-id'));
});

test('TLS: HTTPS serves the site with HSTS, plain HTTP redirects to HTTPS', async () => {
  const res = await new Promise((resolve, reject) => {
    const req = httpsRequest(
      {
        host: '127.0.0.1',
        servername: 'localhost',
        port: stack.nginx.ports.https,
        path: '/health/',
        ca: readFileSync(stack.nginx.cert),
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response));
      },
    );
    req.on('error', reject);
    req.end();
  });
  assert.equal(res.statusCode, 200);
  assert.match(res.headers['strict-transport-security'], /max-age=\d+/);

  const redirect = await fetch(`http://127.0.0.1:${stack.nginx.ports.http}/posts/x?y=1`, {
    redirect: 'manual',
  });
  assert.equal(redirect.status, 308);
  assert.match(redirect.headers.get('location'), /^https:\/\/127\.0\.0\.1\/posts\/x\?y=1$/);
});

test('a session revoked through one replica is refused by the other on the next request', async (t) => {
  const [a, b] = stack.replicas;
  const email = `${uniqueId('edge')}@example.com`;
  const password = 'Edge-suite-passw0rd!';

  const register = await postJson(a.origin, '/api/v1/auth/register/', { email, password });
  if (register.status === 404) {
    t.skip('POST /api/v1/auth/register/ answers 404: auth has not landed yet');
    return;
  }
  assert.equal(register.status, 201, await register.clone().text());

  const login = await postJson(a.origin, '/api/v1/auth/token/', { email, password });
  assert.equal(login.status, 200, await login.clone().text());
  const { access } = (await login.json()).data;
  const bearer = { authorization: `Bearer ${access}` };
  const viewer = { query: '{ viewer { user { id } } }' };

  const before = await (await postJson(b.origin, '/api/v1/graphql', viewer, bearer)).json();
  assert.ok(before.data?.viewer?.user?.id, `the session works on B first: ${JSON.stringify(before)}`);

  const logout = await postJson(b.origin, '/api/v1/auth/logout/', { scope: 'local' }, bearer);
  assert.equal(logout.status, 200, await logout.clone().text());

  const afterLogout = await (await postJson(a.origin, '/api/v1/graphql', viewer, bearer)).json();
  const code = afterLogout.errors?.[0]?.extensions?.code;
  assert.ok(
    ['SESSION_REVOKED', 'UNAUTHENTICATED'].includes(code),
    `replica A must refuse the revoked session, got ${JSON.stringify(afterLogout)}`,
  );
});

test('a replica sent SIGTERM under steady load loses no request', async () => {
  const victim = stack.replicas[1];
  const total = 200;
  const concurrency = 10;
  const statuses = [];
  let next = 0;
  let sent = 0;

  const batch = uniqueId('edge-drain');

  const worker = async () => {
    while (next < total) {
      next += 1;
      const headers = { 'X-Request-ID': `${batch}-${next}` };
      const res = await edge('/health/', { headers });
      await res.arrayBuffer();
      statuses.push(res.status);
      sent += 1;
      if (sent === 50) victim.child.kill('SIGTERM');
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
    const exit = await victim.terminate();

    const failed = statuses.filter((status) => status !== 200);
    assert.equal(statuses.length, total);
    assert.deepEqual(failed, [], `${failed.length} of ${total} requests failed`);
    assert.deepEqual(exit, { code: 0, signal: null }, 'the replica drains and exits 0');
    await edgeLogLine(`${batch}-${total}`);
    const served = accessLogEntries(stack).filter(
      (entry) => entry.request_id.startsWith(batch) && entry.upstream_addr.startsWith(`127.0.0.1:${victim.port}`),
    );
    assert.ok(served.length > 0, 'the victim was taking its share before SIGTERM');
  } finally {
    if (victim.exit) await victim.start();
  }
});

test('the edge micro-caches anonymous public GET reads, never anything with a credential', async () => {
  const feed = `/api/v1/graphql?query=${encodeURIComponent('query EdgeFeed { posts(first: 3) { edges { node { id } } } }')}`;
  const preflight = { 'apollo-require-preflight': 'true' };
  const first = await edge(feed, { headers: preflight });
  assert.equal(first.status, 200, await first.clone().text());
  assert.equal(first.headers.get('x-cache-status'), 'MISS');
  assert.match(first.headers.get('cache-control'), /^public, max-age=0, s-maxage=\d+/);
  const second = await edge(feed, { headers: preflight });
  assert.equal(second.headers.get('x-cache-status'), 'HIT');
  assert.deepEqual((await second.json()).data, (await first.json()).data);

  const bearer = await edge(feed, { headers: { ...preflight, authorization: 'Bearer not-a-token' } });
  assert.equal(bearer.headers.get('x-cache-status'), 'BYPASS');
  assert.equal(bearer.headers.get('cache-control'), 'private, no-store');
  const cookie = await edge(feed, { headers: { ...preflight, cookie: 'inkwell_refresh=whatever' } });
  assert.equal(cookie.headers.get('x-cache-status'), 'BYPASS');

  const rest = '/api/v1/posts/?limit=2';
  assert.equal((await edge(rest)).headers.get('x-cache-status'), 'MISS');
  const restHit = await edge(rest);
  assert.equal(restHit.headers.get('x-cache-status'), 'HIT');
  assert.equal((await restHit.json()).error, null);

  const posted = await postJson(stack.nginx.origin, '/api/v1/graphql', {
    query: 'query EdgeFeed { posts(first: 3) { edges { node { id } } } }',
  });
  assert.equal(posted.status, 200);
  assert.equal(posted.headers.get('x-cache-status'), null, 'a POST never goes through the edge cache');
  await posted.arrayBuffer();

  const viewerQuery = `/api/v1/graphql?query=${encodeURIComponent('{ viewer { user { id } } }')}`;
  await (await edge(viewerQuery, { headers: preflight })).arrayBuffer();
  const viewerAgain = await edge(viewerQuery, { headers: preflight });
  assert.equal(viewerAgain.headers.get('x-cache-status'), 'MISS', 'an answer the API calls private is never stored');
});

test('nginx answers 429 in the envelope at the auth edge when hammered', async () => {
  const attempts = Array.from({ length: 60 }, () =>
    postJson(stack.nginx.origin, '/api/v1/auth/token/', {
      email: 'nobody@example.com',
      password: 'wrong-password',
    }),
  );
  const responses = await Promise.all(attempts);
  const limited = responses.filter((res) => res.status === 429);
  await Promise.all(responses.filter((res) => res.status !== 429).map((res) => res.arrayBuffer()));
  assert.ok(limited.length > 0, 'some attempts are rate limited');

  // Among the 429s, the ones nginx produced itself (no upstream in its log line).
  let fromEdge = 0;
  for (const res of limited) {
    const body = await res.json();
    const id = res.headers.get('x-request-id');
    assert.match(res.headers.get('content-type'), /application\/json/);
    assert.match(res.headers.get('retry-after') ?? '', /^\d+$/);
    assert.equal(body.data, null);
    assert.equal(body.error.code, 'RATE_LIMITED');
    assert.equal(body.meta.request_id, id);
    if ((await edgeLogLine(id)).upstream_addr === '') fromEdge += 1;
  }
  assert.ok(fromEdge > 0, 'nginx itself refused some attempts');

  const gql = await Promise.all(
    Array.from({ length: 80 }, () => postJson(stack.nginx.origin, '/graphql', { query: '{ __typename }' })),
  );
  const gqlLimited = gql.filter((res) => res.status === 429);
  assert.ok(gqlLimited.length > 0, 'GraphQL is rate limited at the edge too');
  const gqlBody = await gqlLimited[0].json();
  assert.equal(gqlBody.error.code, 'RATE_LIMITED');
  assert.equal(gqlBody.errors[0].extensions.code, 'RATE_LIMITED');
  await Promise.all(gql.map((res) => (res.bodyUsed ? null : res.arrayBuffer())));
});
