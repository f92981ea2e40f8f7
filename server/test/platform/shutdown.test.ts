import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { drainAndClose } from '../../src/platform/lifecycle';
import { startTestApp } from '../support/test-app';
import { testEnv, TEST_SECRETS } from '../support/env';

describe('graceful shutdown', () => {
  it('lets an in-flight request finish, then refuses new connections', async () => {
    let release: () => void = () => undefined;
    const t = await startTestApp({
      app: {
        mount: (app) =>
          app.get('/api/v1/__slow', async (_req, res) => {
            await new Promise<void>((resolve) => (release = resolve));
            res.json({ finished: true });
          }),
      },
    });
    const inFlight = fetch(`${t.url}/api/v1/__slow`).then(async (res) => ({
      status: res.status,
      body: await res.json(),
    }));
    await new Promise((resolve) => setTimeout(resolve, 100));

    let cleanedUp = false;
    const drained = drainAndClose(t.app.server, [async () => (cleanedUp = true)], {
      timeoutMs: 5_000,
      logger: t.app.services && (await import('pino')).default({ level: 'silent' }),
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await expect(fetch(`${t.url}/health/`)).rejects.toThrow();
    expect(cleanedUp).toBe(false);

    release();
    expect(await inFlight).toEqual({ status: 200, body: { finished: true } });
    await drained;
    expect(cleanedUp).toBe(true);
    await t.close();
  });

  it('main exits 0 on SIGTERM after serving', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'inkwell-shutdown-'));
    const port = 40_000 + Math.floor(Math.random() * 10_000);
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'development',
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      METRICS_PORT: '0',
      ...TEST_SECRETS,
    };
    if (!testEnv.embedded) {
      env.DATABASE_URL = testEnv.databaseUrl!;
      env.REDIS_URL = testEnv.redisUrl!;
      env.REDIS_KEY_PREFIX = `inkwell:test:shutdown:${port}:`;
    }
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'src/main.ts'], {
      cwd: path.join(__dirname, '..', '..'),
      env,
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 25_000;
      while (!output.includes('is serving') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(output).toContain('is serving');
      const res = await fetch(`http://127.0.0.1:${port}/health/`);
      expect(res.status).toBe(200);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(output).toContain('shutdown complete');
    } finally {
      child.kill('SIGKILL');
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 40_000);
});
