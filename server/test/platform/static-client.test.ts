import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTestApp, type TestApp } from '../support/test-app';

describe('the built web client', () => {
  let t: TestApp;
  beforeAll(async () => {
    const dist = mkdtempSync(path.join(tmpdir(), 'inkwell-dist-'));
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Inkwell</title>');
    mkdirSync(path.join(dist, 'assets'));
    writeFileSync(path.join(dist, 'assets', 'feed-abc123.js'), 'export {};');
    t = await startTestApp({ env: { CLIENT_DIST_DIR: dist } });
  });
  afterAll(() => t.close());

  it('answers 404 for a hashed asset that does not exist (an old build), never the HTML shell', async () => {
    const missing = await t.http().get('/assets/feed-old999.js').set('Accept', '*/*');
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).not.toMatch(/text\/html/);
    expect((await t.http().get('/assets/feed-abc123.js')).status).toBe(200);
    // A client route (post pages are the server's own: an unknown slug is a 404 shell).
    const page = await t.http().get('/account').set('Accept', 'text/html');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
  });

  it('logs a served file under the static route with its path, and a miss with no route', async () => {
    await t.http().get('/assets/feed-abc123.js').set('X-Request-ID', 'static-hit');
    await t.http().get('/assets/feed-old999.js').set('X-Request-ID', 'static-miss');
    const line = (id: string) =>
      t.logs.find((entry) => entry.request_id === id && entry.msg === 'request completed')[0];
    expect(line('static-hit')).toMatchObject({ route: 'static', path: '/assets/feed-abc123.js', status_code: 200 });
    expect(line('static-miss')).toMatchObject({ route: null, path: '/assets/feed-old999.js', status_code: 404 });
  });
});
