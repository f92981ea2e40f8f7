import { CLOSED_PORT, testEnv } from '../support/env';
import { TcpProxy, viaProxy } from '../support/tcp-proxy';
import { startTestApp, type TestApp } from '../support/test-app';

const withServices = testEnv.embedded ? it.skip : it;

async function timed(t: TestApp, path: string) {
  const started = Date.now();
  const res = await t.http().get(path);
  return { res, ms: Date.now() - started };
}

describe('health checks', () => {
  it('reports the process, the database and the cache as ok', async () => {
    const t = await startTestApp();
    try {
      for (const path of ['/health/', '/health/db/', '/health/cache/']) {
        const { res } = await timed(t, path);
        expect(res.status).toBe(200);
        expect(res.body.data).toMatchObject({ status: 'ok', latency_ms: expect.any(Number) });
        expect(res.body.error).toBeNull();
      }
    } finally {
      await t.close();
    }
  });

  it('answers 503 within 2 s when PostgreSQL and Redis are unreachable', async () => {
    const t = await startTestApp({
      databaseUrl: `postgres://postgres@127.0.0.1:${CLOSED_PORT}/postgres`,
      redisUrl: `redis://127.0.0.1:${CLOSED_PORT}`,
    });
    try {
      for (const path of ['/health/db/', '/health/cache/']) {
        const { res, ms } = await timed(t, path);
        expect(res.status).toBe(503);
        expect(ms).toBeLessThan(2_000);
        expect(res.body).toMatchObject({
          data: null,
          meta: { latency_ms: expect.any(Number) },
          error: { code: 'SERVICE_UNAVAILABLE' },
        });
        expect(res.headers['retry-after']).toBe('5');
      }
      expect((await t.http().get('/health/')).status).toBe(200);
    } finally {
      await t.close();
    }
  });

  withServices('goes 503 when a dependency drops and 200 again once it is back', async () => {
    const pgUrl = new URL(testEnv.databaseUrl!);
    const redisUrl = new URL(testEnv.redisUrl!);
    const pgProxy = new TcpProxy(pgUrl.hostname, Number(pgUrl.port || 5432));
    const redisProxy = new TcpProxy(redisUrl.hostname, Number(redisUrl.port || 6379));
    await pgProxy.start();
    await redisProxy.start();
    const t = await startTestApp({
      databaseUrl: viaProxy(testEnv.databaseUrl!, pgProxy),
      redisUrl: viaProxy(testEnv.redisUrl!, redisProxy),
    });
    try {
      expect((await t.http().get('/health/db/')).status).toBe(200);
      expect((await t.http().get('/health/cache/')).status).toBe(200);

      await pgProxy.stop();
      await redisProxy.stop();
      for (const path of ['/health/db/', '/health/cache/']) {
        const { res, ms } = await timed(t, path);
        expect(res.status).toBe(503);
        expect(ms).toBeLessThan(2_000);
      }

      await pgProxy.start();
      await redisProxy.start();
      const deadline = Date.now() + 8_000;
      let db = 0;
      let cache = 0;
      while (Date.now() < deadline && (db !== 200 || cache !== 200)) {
        db = (await t.http().get('/health/db/')).status;
        cache = (await t.http().get('/health/cache/')).status;
        if (db !== 200 || cache !== 200) await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect({ db, cache }).toEqual({ db: 200, cache: 200 });
    } finally {
      await t.close();
      await pgProxy.stop();
      await redisProxy.stop();
    }
  });
});
