import http from 'node:http';
import net from 'node:net';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Answers sent while the client is still sending (a too-long URL, a body no route reads) arrive
 * intact: the server reads and discards the rest before closing instead of resetting the
 * connection under the client (Node 24 closes right after a `Connection: close` answer).
 */
interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function send(t: TestApp, method: string, path: string, headers: Record<string, string>, body?: string) {
  const url = new URL(t.url);
  return new Promise<Answer>((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, method, path, headers, agent: false, timeout: 10_000 },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.end(body);
  });
}

/** Writes raw bytes and collects whatever comes back until the server closes. */
function raw(t: TestApp, chunks: readonly string[], pauseMs = 0) {
  const url = new URL(t.url);
  return new Promise<{ text: string; error?: string; closedAfterMs: number }>((resolve) => {
    const socket = net.connect({ port: Number(url.port), host: url.hostname, allowHalfOpen: true });
    const started = Date.now();
    let text = '';
    let error: string | undefined;
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('error', (e: NodeJS.ErrnoException) => (error = e.code ?? e.message));
    socket.on('close', () => resolve({ text, error, closedAfterMs: Date.now() - started }));
    socket.on('connect', async () => {
      for (const chunk of chunks) {
        if (socket.destroyed) break;
        await new Promise<void>((done) => socket.write(chunk, () => done()));
        if (pauseMs) await new Promise((done) => setTimeout(done, pauseMs));
      }
      socket.end();
    });
  });
}

const BIG = 'z'.repeat(120_000);

describe('lingering close', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { CORS_ORIGINS: 'http://localhost:4000' } });
  });
  afterAll(() => t.close());

  it('answers a ~120 KB URL with 431 in the envelope, not a reset', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await send(t, 'GET', `/graphql?query=${BIG}`, {});
      expect(res.status).toBe(431);
      expect(res.headers.connection).toBe('close');
      expect(JSON.parse(res.body)).toEqual({
        data: null,
        meta: { request_id: res.headers['x-request-id'] },
        error: { code: 'BAD_USER_INPUT', message: expect.any(String) },
      });
    }
  });

  it('answers a request that is not HTTP with 400 in the envelope', async () => {
    const res = await raw(t, ['NOT HTTP AT ALL\r\n\r\n']);
    expect(res.error).toBeUndefined();
    expect(res.text).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(JSON.parse(res.text.split('\r\n\r\n')[1]!)).toMatchObject({
      data: null,
      error: { code: 'BAD_USER_INPUT' },
    });
  });

  it('answers a body whose chunked framing breaks with 400 in the envelope, then closes', async () => {
    const res = await raw(t, [
      'POST /api/v1/graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
        'Transfer-Encoding: chunked\r\n\r\nZZ\r\n',
    ]);
    expect(res.error).toBeUndefined();
    expect(res.text).toMatch(/^HTTP\/1\.1 400 /);
    expect(res.text.toLowerCase()).toContain('connection: close');
    // The security baseline, as on every other answer.
    expect(res.text.toLowerCase()).toContain('x-content-type-options: nosniff');
    expect(res.text.toLowerCase()).toContain('x-frame-options: sameorigin');
    const body = JSON.parse(res.text.slice(res.text.indexOf('\r\n\r\n') + 4)) as { errors?: unknown; error?: unknown };
    expect(body.errors ?? body.error).toBeDefined();
  });

  it('answers a too-long header sent in pieces, then closes after reading the rest', async () => {
    const head = `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}`;
    const res = await raw(t, [head, 'b'.repeat(200_000), 'c'.repeat(200_000), '\r\n\r\n']);
    expect(res.error).toBeUndefined();
    expect(res.text).toMatch(/^HTTP\/1\.1 431 /);
  });

  it('closes a client that keeps sending after the linger time', async () => {
    const url = new URL(t.url);
    const socket = net.connect(Number(url.port), url.hostname);
    const started = Date.now();
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.on('error', () => {});
    socket.write(`GET /?${BIG} HTTP/1.1\r\nHost: x\r\n`);
    const trickle = setInterval(() => socket.writable && socket.write('x'.repeat(100)), 100);
    await closed;
    clearInterval(trickle);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(1_500);
    expect(elapsed).toBeLessThan(5_000);
  });

  it.each([
    ['OPTIONS preflight', 'OPTIONS', '/api/v1/posts/', { Origin: 'http://localhost:4000' }, [204]],
    ['OPTIONS on an unknown path', 'OPTIONS', '/api/v1/nowhere', {}, [204]],
    // Unframed (Node's client sends no length for DELETE), the body is bytes after the request: 405.
    ['DELETE on GraphQL', 'DELETE', '/graphql', {}, [400, 405]],
    ['DELETE on an unknown path', 'DELETE', '/api/v1/nowhere', { 'Content-Type': 'text/plain' }, [404]],
  ])('answers %s with a ~120 KB body it never reads', async (_label, method, path, headers, status) => {
    for (const framing of [{}, { 'Content-Length': String(BIG.length) }] as Record<string, string>[]) {
      for (let i = 0; i < 10; i++) {
        const res = await send(
          t,
          method,
          path,
          { 'Content-Type': 'application/octet-stream', ...headers, ...framing },
          BIG,
        );
        expect(status).toContain(res.status);
      }
    }
  });

  it.each([
    ['a CORS preflight', 'OPTIONS /api/v1/posts/', 'Origin: http://localhost:4000\r\n', '204'],
    ['a 404', 'DELETE /api/v1/nowhere', '', '404'],
    ['a GraphQL refusal', 'DELETE /graphql', '', '(400|405)'],
  ])('lets a slow client finish sending a body that %s never reads', async (_label, line, extra, status) => {
    const chunks = Array.from({ length: 12 }, () => 'z'.repeat(10_000));
    const head = `${line} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n${extra}`;
    for (const framing of [`Content-Length: ${chunks.join('').length}\r\n\r\n`, '\r\n']) {
      const res = await raw(t, [head + framing, ...chunks], 20);
      expect(res.error).toBeUndefined();
      expect(res.closedAfterMs).toBeGreaterThanOrEqual(200);
      expect(res.text).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
      expect(res.text.match(/HTTP\/1\.1/g)).toHaveLength(1);
    }
  });

  it('still answers 413 to a body over the limit', async () => {
    const res = await send(t, 'POST', '/graphql', { 'Content-Type': 'application/json' }, `{"query":"${BIG}"}`);
    expect(res.status).toBe(413);
  });

  it('keeps a keep-alive connection usable after an answer that skipped the body', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const url = new URL(t.url);
    const once = () =>
      new Promise<number>((resolve, reject) => {
        const req = http.request(
          {
            host: url.hostname,
            port: url.port,
            method: 'DELETE',
            path: '/api/v1/nowhere',
            headers: { 'Content-Length': String(BIG.length) },
            agent,
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode!));
          },
        );
        req.on('error', reject);
        req.end(BIG);
      });
    expect([await once(), await once(), await once()]).toEqual([404, 404, 404]);
    agent.destroy();
  });
});
