import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import {
  buildSchema,
  getNamedType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  type GraphQLInputType,
  type GraphQLField,
} from 'graphql';
import { signUp } from '../support/auth';
import { listRoutes, type RouteInfo } from '../support/routes';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * A seeded fuzz of the whole HTTP surface: every route express knows (listRoutes) and every
 * GraphQL root field in schema/v1.graphql, with malformed types, encodings, sizes, unicode,
 * nesting and headers. Whatever the input, the answer is never a 5xx other than 503.
 * FUZZ_SEED reproduces a run; FUZZ_CASES scales it.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 11);
const CASES_PER_ROUTE = Number(process.env.FUZZ_CASES ?? 40);

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (max: number) => Math.floor(next() * max);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const chance = (p: number) => next() < p;
  return { next, int, pick, chance };
}
type Rng = ReturnType<typeof rng>;

const NUL = '\u0000';
const STRINGS = [
  '',
  ' ',
  'a',
  'x'.repeat(300),
  'y'.repeat(5_000),
  'z'.repeat(120_000),
  `nul${NUL}byte`,
  NUL,
  '\ud800',
  '\udfff\ud800',
  '😀'.repeat(50),
  'ﷺ‮rtl‬',
  'e\u0301\u0301\u0301',
  '%ff',
  '%00',
  '../../etc/passwd',
  "' or 1=1 --",
  '<script>alert(1)</script>',
  '{{7*7}}',
  '${jndi:ldap://x}',
  'someone@example.test',
  'USER@EXAMPLE.TEST',
  'not-an-email',
  'correct horse battery staple',
  'Bearer abc',
  'VXNlcjox',
  'UG9zdDox',
  'eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.',
  '1e309',
  '-0',
  'NaN',
  'null',
  'true',
  '__proto__',
  'constructor',
];
const NUMBERS = [0, -1, 1, 2 ** 31, 2 ** 53 + 1, -(2 ** 63), 1e308, 0.5, -0.0001, 101, 1000];

function deepNesting(r: Rng): string {
  const depth = r.pick([10, 100, 2_000, 20_000]);
  return r.chance(0.5) ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

function randomValue(r: Rng, depth = 0): unknown {
  const kind = r.int(depth > 3 ? 5 : 8);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return r.chance(0.5);
    case 2:
      return r.pick(NUMBERS);
    case 3:
    case 4:
      return r.pick(STRINGS);
    case 5:
      return Array.from({ length: r.int(4) }, () => randomValue(r, depth + 1));
    default: {
      const object: Record<string, unknown> = {};
      for (let i = r.int(4); i > 0; i -= 1)
        object[r.pick([...FIELDS, ...STRINGS.slice(0, 12)])] = randomValue(r, depth + 1);
      return object;
    }
  }
}

const FIELDS = [
  'email',
  'password',
  'display_name',
  'device',
  'refresh',
  'scope',
  'token',
  'query',
  'variables',
  'operationName',
  'id',
  'extensions',
  'role',
];

/** A body: usually an object with the route's likely fields, sometimes anything at all. */
function randomBody(r: Rng): string | Buffer | undefined {
  switch (r.int(7)) {
    case 0:
      return undefined;
    case 1:
      return deepNesting(r);
    case 2:
      return Buffer.from(Array.from({ length: r.int(300) }, () => r.int(256)));
    case 3:
      return JSON.stringify(randomValue(r));
    default: {
      const object: Record<string, unknown> = {};
      for (const field of FIELDS) if (r.chance(0.4)) object[field] = r.chance(0.6) ? r.pick(STRINGS) : randomValue(r);
      return JSON.stringify(object);
    }
  }
}

const CONTENT_TYPES = [
  'application/json',
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'application/graphql',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  'garbage/;;;=',
];

function encode(r: Rng, body: string | Buffer): { body: Buffer; encoding?: string } {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
  switch (r.int(10)) {
    case 0:
      return { body: gzipSync(bytes), encoding: 'gzip' };
    case 1:
      return { body: deflateSync(bytes), encoding: 'deflate' };
    case 2:
      return { body: brotliCompressSync(bytes), encoding: 'br' };
    case 3:
      return { body: bytes, encoding: r.pick(['gzip', 'deflate', 'br']) }; // lies
    case 4:
      return { body: bytes, encoding: r.pick(['compress', 'zstd', 'identity', 'gzip, br', 'x'.repeat(100)]) };
    case 5:
      return { body: gzipSync(bytes).subarray(0, 10), encoding: 'gzip' }; // truncated
    default:
      return { body: bytes };
  }
}

function randomHeaders(r: Rng, token: string): Record<string, string> {
  const headers: Record<string, string> = {};
  if (r.chance(0.8)) headers['Content-Type'] = r.pick(CONTENT_TYPES);
  if (r.chance(0.3))
    headers.Authorization = r.pick([
      `Bearer ${token}`,
      'Bearer x',
      'Basic dXNlcjpwYXNz',
      'Bearer',
      `Bearer ${'a'.repeat(9000)}`,
      'Bearer a b',
    ]);
  if (r.chance(0.2)) headers['X-Requested-With'] = 'XMLHttpRequest';
  if (r.chance(0.2)) headers.Origin = r.pick(['http://evil.test', 'null', 'http://localhost:4000']);
  if (r.chance(0.2))
    headers.Cookie = r.pick(['inkwell_refresh=abc', 'inkwell_refresh=', '=;=;', `a=${'b'.repeat(4000)}`]);
  if (r.chance(0.2)) headers['X-Request-ID'] = r.pick(['ok-id', 'bad id with spaces', 'x'.repeat(500)]);
  if (r.chance(0.2))
    headers.Accept = r.pick(['application/graphql-response+json', 'text/html', '*/*', 'nothing/at-all']);
  if (r.chance(0.1)) headers['X-Forwarded-For'] = r.pick(['1.2.3.4', 'garbage', '::1, 10.0.0.1']);
  if (r.chance(0.1)) headers['apollo-require-preflight'] = 'true';
  return headers;
}

const PATH_VALUES = [
  'abc',
  '%ff',
  '%E0%A4%A',
  '%',
  '%00',
  '%2F..%2F',
  encodeURIComponent('😀'),
  'a'.repeat(3000),
  '..',
  '%25',
  '',
];

function randomPath(r: Rng, route: RouteInfo): string {
  let path = route.path.replace(/:(\w+)/g, () => r.pick(PATH_VALUES));
  if (r.chance(0.5)) path += '/';
  if (r.chance(0.4)) {
    const pairs = Array.from(
      { length: 1 + r.int(3) },
      () =>
        `${r.pick(['limit', 'cursor', 'query', 'id', 'a[b]', 'limit[]', '__proto__[x]', '%ff'])}=${r.pick([
          '1',
          '-1',
          '1e9',
          '%ff',
          '%00',
          'abc',
          encodeURIComponent('😀'),
          'x'.repeat(2000),
          '',
        ])}`,
    );
    path += `?${pairs.join('&')}`;
  }
  return path;
}

interface Outcome {
  status: number;
  body: string;
}

const MAX_GET_URL = 8 * 1024;

function send(t: TestApp, method: string, path: string, headers: Record<string, string>, body?: Buffer) {
  const url = new URL(t.url);
  return new Promise<Outcome>((resolve, reject) => {
    // A body is framed by its length: node's client sends a DELETE/OPTIONS body without any framing,
    // which the server rightly reads as a second, malformed request (a bare 400 and a reset).
    const framed = body === undefined ? headers : { ...headers, 'Content-Length': String(body.length) };
    const req = http.request(
      // A connection per request: a server that answers before reading a bad body closes it.
      { host: url.hostname, port: url.port, method, path, headers: framed, timeout: 15_000, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

/** Variables for an operation: plausible for the declared type, or anything at all. */
function valueFor(r: Rng, type: GraphQLInputType, depth = 0): unknown {
  if (r.chance(0.25) || depth > 4) return randomValue(r);
  if (isNonNullType(type)) return valueFor(r, type.ofType, depth);
  if (isListType(type)) return Array.from({ length: r.int(4) }, () => valueFor(r, type.ofType, depth + 1));
  if (isInputObjectType(type)) {
    return Object.fromEntries(
      Object.values(type.getFields())
        .filter(() => r.chance(0.8))
        .map((field) => [field.name, valueFor(r, field.type, depth + 1)]),
    );
  }
  if (isEnumType(type)) return r.chance(0.8) ? r.pick(type.getValues()).value : 'NOT_A_VALUE';
  switch (type.name) {
    case 'Int':
      return r.pick(NUMBERS);
    case 'Boolean':
      return r.chance(0.5);
    default:
      return r.pick(STRINGS);
  }
}

const SCHEMA = buildSchema(fs.readFileSync(path.resolve(__dirname, '../../../schema/v1.graphql'), 'utf8'));
const ALLOWLIST = JSON.parse(
  fs.readFileSync(path.resolve(__dirname, '../../../schema/persisted-queries.json'), 'utf8'),
) as Record<string, string>;

/** One operation per root field, every argument a variable of its declared type. */
function operationFor(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>) {
  const variables = field.args.map((arg) => `$${arg.name}: ${arg.type.toString()}`);
  const args = field.args.map((arg) => `${arg.name}: $${arg.name}`);
  const selection = isCompositeType(getNamedType(field.type)) ? ' { __typename }' : '';
  return {
    text: `${kind} Fuzz${variables.length ? `(${variables.join(', ')})` : ''} { ${field.name}${args.length ? `(${args.join(', ')})` : ''}${selection} }`,
    args: field.args,
  };
}

const OPERATIONS = [
  ...Object.values(SCHEMA.getQueryType()!.getFields()).map((field) => operationFor('query', field)),
  ...Object.values(SCHEMA.getMutationType()!.getFields()).map((field) => operationFor('mutation', field)),
];

const WEIRD_DOCUMENTS = [
  'subscription { posts { totalCount } }',
  '{ '.repeat(500) + '}'.repeat(500),
  `{ ${Array.from({ length: 200 }, (_, i) => `a${i}: __typename`).join(' ')} }`,
  'query { ...F } fragment F on Query { ...F }',
  '{ posts(first: -1) { totalCount } }',
  '{ posts(first: 99999999999) { totalCount } }',
  '{ node(id: "\\u0000") { id } }',
  '{ __typename @skip(if: "x") }',
  '{ __schema { types { name } } }',
  'query ($a: [[[Int]]]) { __typename }',
  'query A { __typename } query B { __typename }',
  '',
  '#',
  '{',
  'mutation { logout(input: {}) { revokedSessions } }',
];

function randomGraphQLBody(r: Rng): string | Buffer | undefined {
  const choice = r.int(10);
  if (choice === 0) return randomBody(r);
  if (choice === 1) return JSON.stringify({ query: r.pick(WEIRD_DOCUMENTS), variables: randomValue(r) });
  if (choice === 2) {
    const id = r.chance(0.7) ? r.pick(Object.keys(ALLOWLIST)) : r.pick(STRINGS);
    return JSON.stringify({
      id,
      variables: r.chance(0.8)
        ? {
            count: r.pick(NUMBERS),
            slug: r.pick(STRINGS),
            id: r.pick(STRINGS),
            cursor: r.pick(STRINGS),
            input: randomValue(r),
          }
        : randomValue(r),
    });
  }
  if (choice === 3) {
    return JSON.stringify({
      query: r.chance(0.5) ? undefined : '{ __typename }',
      extensions: {
        persistedQuery: { version: r.pick([1, 2, '1', null]), sha256Hash: r.pick(['a'.repeat(64), 'x', 1]) },
      },
    });
  }
  if (choice === 4) return JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]);
  const operation = r.pick(OPERATIONS);
  const variables = Object.fromEntries(operation.args.map((arg) => [arg.name, valueFor(r, arg.type)]));
  return JSON.stringify({ query: operation.text, variables, operationName: r.chance(0.9) ? 'Fuzz' : r.pick(STRINGS) });
}

describe(`seeded fuzz of every route (seed ${SEED})`, () => {
  let t: TestApp;
  let token = '';
  const limits = '1000000/1m';
  beforeAll(async () => {
    t = await startTestApp({
      env: {
        RATE_LIMIT_LOGIN: limits,
        RATE_LIMIT_LOGIN_ADDRESS: limits,
        RATE_LIMIT_LOGIN_FAILURES: limits,
        RATE_LIMIT_REGISTER: limits,
        RATE_LIMIT_REFRESH: limits,
        LOG_LEVEL: 'silent',
      },
    });
    token = (await signUp(t)).access;
  });
  afterAll(() => t.close());

  it('finds the routes from the app itself', () => {
    const routes = listRoutes(t.app.express).map((route) => `${route.method} ${route.path}`);
    // A sample of what must be there; anything added later is fuzzed without editing this file.
    expect(routes).toEqual(
      expect.arrayContaining([
        'POST /api/v1/auth/register',
        'POST /api/v1/auth/refresh',
        'GET /api/v1/posts/:slug',
        'GET /health/db',
        'POST /api/v1/graphql',
        'GET /graphql',
      ]),
    );
  });

  it('answers no 5xx other than 503 to malformed requests', async () => {
    // (~1,200 requests: seconds alone, longer on a busy machine; the timeout below allows for it.)
    const r = rng(SEED);
    const routes = listRoutes(t.app.express);
    const failures: string[] = [];
    let sent = 0;
    for (const route of routes) {
      const graphql = route.path.endsWith('graphql');
      const cases = graphql ? CASES_PER_ROUTE * 4 : CASES_PER_ROUTE;
      for (let i = 0; i < cases; i += 1) {
        const method = r.chance(0.85)
          ? route.method
          : r.pick(['PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'GET', 'POST']);
        const headers = randomHeaders(r, token);
        const rawBody =
          method === 'GET' || method === 'HEAD' ? undefined : graphql ? randomGraphQLBody(r) : randomBody(r);
        const { body, encoding } =
          rawBody === undefined ? { body: undefined, encoding: undefined } : encode(r, rawBody);
        if (encoding) headers['Content-Encoding'] = encoding;
        let target = randomPath(r, route);
        if (graphql && method === 'GET' && r.chance(0.7)) {
          const operation = r.pick(OPERATIONS);
          target = `${route.path}?query=${encodeURIComponent(operation.text)}&variables=${encodeURIComponent(
            JSON.stringify(Object.fromEntries(operation.args.map((arg) => [arg.name, valueFor(r, arg.type)]))),
          )}`;
          // Past node's 16 KiB header limit, node itself answers 431 and resets the connection, often
          // before the client reads the answer: that is the transport, not this server, so stay within it.
          if (target.length > MAX_GET_URL) target = target.slice(0, target.indexOf('&variables='));
        }
        const label = `#${sent} ${method} ${target.slice(0, 120)} ${JSON.stringify(headers).slice(0, 200)} body=${String(body?.subarray(0, 160) ?? '')}`;
        sent += 1;
        try {
          const res = await send(t, method, target, headers, body);
          if (res.status >= 500 && res.status !== 503)
            failures.push(`${res.status} ${label}\n    → ${res.body.slice(0, 300)}`);
          if (/at .+\.(ts|js):\d+|select .+ from|stack/i.test(res.body))
            failures.push(`leak ${label}\n    → ${res.body.slice(0, 300)}`);
        } catch (error) {
          failures.push(`no answer (${(error as Error).message}) ${label}`);
        }
      }
    }
    expect({ sent: sent > routes.length * CASES_PER_ROUTE - 1, failures }).toEqual({ sent: true, failures: [] });
    // The server is still healthy afterwards.
    expect((await send(t, 'GET', '/health/db/', {})).status).toBe(200);
  }, 300_000);
});
