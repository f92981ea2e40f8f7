import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { BullMqBackend } from '../../src/platform/jobs/bullmq.backend';
import type { JobFinished } from '../../src/platform/jobs/job.types';
import { createLogger } from '../../src/platform/observability/logger';
import { register } from '../support/auth';
import { testEnv, TEST_SECRETS } from '../support/env';
import { LogCapture } from '../support/log-capture';
import { eventually, SmtpCapture } from '../support/smtp-capture';
import { startTestApp, type TestApp } from '../support/test-app';

const SERVER_DIR = path.resolve(__dirname, '../..');
const describeWithRedis = testEnv.embedded ? describe.skip : describe;

/** `npm run worker` as a child process (TypeScript through swc), sharing the test app's prefix. */
function startWorker(t: TestApp, smtpUrl: string): { child: ChildProcess; ready: Promise<void> } {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'src/worker.ts'], {
    cwd: SERVER_DIR,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      ...TEST_SECRETS,
      DATABASE_URL: t.config.databaseUrl,
      REDIS_URL: t.config.redisUrl,
      REDIS_KEY_PREFIX: t.config.redisKeyPrefix,
      SMTP_URL: smtpUrl,
      MIGRATE_ON_START: 'false',
      JOBS_STALLED_TIMEOUT: '2',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const ready = new Promise<void>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('jobs running')) resolve();
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`worker exited ${code}: ${output}`)));
  });
  return { child, ready };
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });

describeWithRedis('the worker process', () => {
  let smtp: SmtpCapture;
  let t: TestApp;

  beforeAll(async () => {
    smtp = await new SmtpCapture().start();
    // The API relays to BullMQ but runs no jobs: the worker processes do.
    t = await startTestApp({ relayOnly: true });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('delivers exactly once when a worker is killed mid-send and another takes over', async () => {
    smtp.holdNext();
    const first = startWorker(t, smtp.url);
    await first.ready;
    const user = await register(t);
    // The first worker is inside the SMTP exchange, waiting for the final reply.
    await eventually(() => smtp.heldCount === 1, 20_000, 'the first worker to reach DATA');
    first.child.kill('SIGKILL');
    await exited(first.child);
    smtp.dropHeld();

    const second = startWorker(t, smtp.url);
    try {
      await second.ready;
      await eventually(() => smtp.to(user.email).length === 1, 30_000, 'redelivery by the second worker');
      // Give a duplicate every chance to show up: another mail sent after it arrives first.
      await register(t).then((other) => eventually(() => smtp.to(other.email).length === 1, 20_000, 'a later mail'));
      expect(smtp.to(user.email)).toHaveLength(1);
      expect(smtp.abandoned).toBe(1);
    } finally {
      second.child.kill('SIGTERM');
      expect(await exited(second.child)).toBe(0);
    }
  }, 90_000);
});

describeWithRedis('repeatable jobs', () => {
  it('run once per tick with two workers', async () => {
    const prefix = `inkwell:test:repeat-${Date.now()}`;
    const logger = createLogger('silent', new LogCapture());
    const runs: { worker: string; id: string }[] = [];
    const finished: JobFinished[] = [];
    const backends = ['a', 'b'].map(
      (name) => [name, new BullMqBackend({ url: testEnv.redisUrl!, prefix, logger, concurrency: 2 })] as const,
    );
    try {
      for (const [name, backend] of backends) {
        await backend.run(
          {
            tick: {
              queue: 'maintenance',
              handle: async (_data, context) => {
                runs.push({ worker: name, id: context.id });
              },
            },
          },
          [{ queue: 'maintenance', name: 'tick', everyMs: 250 }],
          { onJobFinished: (event) => finished.push(event) },
        );
      }
      const started = Date.now();
      await eventually(() => runs.length >= 8, 20_000, 'eight ticks');
      const elapsed = Date.now() - started;
      const ids = runs.map((run) => run.id);
      expect(new Set(ids).size).toBe(ids.length);
      // One run per 250 ms tick, not two.
      expect(runs.length).toBeLessThanOrEqual(Math.ceil(elapsed / 250) + 2);
      expect(finished.every((event) => event.queue === 'maintenance' && event.outcome === 'completed')).toBe(true);
      expect(finished[0]!.durationSeconds).toBeGreaterThanOrEqual(0);
    } finally {
      await Promise.all(backends.map(([, backend]) => backend.close(2_000)));
      const redis = new (await import('ioredis')).default(testEnv.redisUrl!);
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
    }
  });
});
