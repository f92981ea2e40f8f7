import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { drainAndClose } from '../../src/platform/lifecycle';
import { startTestApp } from '../support/test-app';
import { testEnv, TEST_SECRETS } from '../support/env';
import { spawnMain } from '../support/main-process';

describe('graceful shutdown', () => {
  it('lets an in-flight request finish, then refuses new connections', async () => {
    let release: () => void = () => undefined;
    let arrived: () => void = () => undefined;
    const requestArrived = new Promise<void>((resolve) => (arrived = resolve));
    const t = await startTestApp({
      app: {
        mount: (app) =>
          app.get('/api/v1/__slow', async (_req, res) => {
            arrived();
            await new Promise<void>((resolve) => (release = resolve));
            res.json({ finished: true });
          }),
      },
    });
    const inFlight = fetch(`${t.url}/api/v1/__slow`).then(async (res) => ({
      status: res.status,
      body: await res.json(),
    }));
    // No sleeping: the handler says when the request is in flight.
    await requestArrived;

    let cleanedUp = false;
    const drained = drainAndClose(t.app.server, [async () => (cleanedUp = true)], {
      timeoutMs: 5_000,
      logger: t.app.services && (await import('pino')).default({ level: 'silent' }),
    });
    // server.close() stops accepting at once: no new connection gets in.
    expect(t.app.server.listening).toBe(false);
    await expect(fetch(`${t.url}/health/`)).rejects.toThrow();
    expect(cleanedUp).toBe(false);

    release();
    expect(await inFlight).toEqual({ status: 200, body: { finished: true } });
    await drained;
    expect(cleanedUp).toBe(true);
    await t.close();
  });

  it('main exits 0 on SIGTERM after serving, on the port the OS picked (PORT=0)', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'inkwell-shutdown-'));
    const env: Record<string, string> = {
      NODE_ENV: 'development',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      METRICS_PORT: '0',
      ...TEST_SECRETS,
    };
    if (!testEnv.embedded) {
      env.DATABASE_URL = testEnv.databaseUrl!;
      env.REDIS_URL = testEnv.redisUrl!;
      env.REDIS_KEY_PREFIX = `inkwell:test:shutdown:${process.pid}:`;
    }
    const main = spawnMain(env);
    try {
      const port = await main.listening;
      const res = await fetch(`http://127.0.0.1:${port}/health/`);
      expect(res.status).toBe(200);
      main.child.kill('SIGTERM');
      expect(await main.exited).toBe(0);
      expect(main.output()).toContain('shutdown complete');
    } finally {
      main.child.kill('SIGKILL');
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 40_000);
});
