import { UnrecoverableError } from 'bullmq';
import Redis from 'ioredis';
import { BullMqBackend } from '../../src/platform/jobs/bullmq.backend';
import type { JobFinished } from '../../src/platform/jobs/job.types';
import { Outbox } from '../../src/platform/jobs/outbox';
import { createLogger } from '../../src/platform/observability/logger';
import { register } from '../support/auth';
import { testEnv } from '../support/env';
import { LogCapture } from '../support/log-capture';
import { eventually, SmtpCapture } from '../support/smtp-capture';
import { TcpProxy, viaProxy } from '../support/tcp-proxy';
import { startTestApp, type TestApp } from '../support/test-app';

const describeWithRedis = testEnv.embedded ? describe.skip : describe;
const logger = createLogger('silent', new LogCapture());

async function dropKeys(prefix: string) {
  const redis = new Redis(testEnv.redisUrl!);
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
}

describe('SMTP down, then back', () => {
  let smtp: SmtpCapture;
  let proxy: TcpProxy;
  let t: TestApp;
  const finished: JobFinished[] = [];

  beforeAll(async () => {
    smtp = await new SmtpCapture().start();
    proxy = new TcpProxy('127.0.0.1', Number(new URL(smtp.url).port));
    await proxy.start();
    t = await startTestApp({
      jobs: { smtpUrl: viaProxy(smtp.url, proxy), hooks: { onJobFinished: (event) => finished.push(event) } },
    });
  });
  afterAll(async () => {
    await t.close();
    await proxy.stop();
    await smtp.close();
  });

  it('keeps retrying the mail with backoff and delivers it once SMTP answers again', async () => {
    await proxy.stop();
    const user = await register(t);
    await eventually(
      () => finished.some((event) => event.queue === 'mail' && event.outcome === 'retrying'),
      15_000,
      'a failed attempt',
    );
    expect(smtp.to(user.email)).toHaveLength(0);
    await proxy.start();
    await eventually(() => smtp.to(user.email).length === 1, 30_000, 'the mail after SMTP came back');
    // (The run's database is shared by every test file, so this app may deliver other files' mail too.)
    expect(finished.some((event) => event.queue === 'mail' && event.outcome === 'completed')).toBe(true);
    expect(finished.every((event) => event.durationSeconds >= 0)).toBe(true);
  }, 45_000);
});

describeWithRedis('Redis down for the relay, then back', () => {
  it('keeps the committed row and relays it when Redis answers again', async () => {
    const redisPort = Number(new URL(testEnv.redisUrl!).port || 6379);
    const proxy = new TcpProxy(new URL(testEnv.redisUrl!).hostname, redisPort);
    await proxy.start();
    const prefix = `inkwell:test:relay-${Date.now()}`;
    const backend = new BullMqBackend({ url: viaProxy(testEnv.redisUrl!, proxy), prefix, logger });
    const t = await startTestApp();
    const outbox = new Outbox(t.db, backend, logger);
    try {
      await proxy.stop();
      await t.db.transaction((trx) => outbox.add(trx, { queue: 'maintenance', name: 'noop', payload: { n: 1 } }));
      // The after-commit relay fails (Redis is down) and must not lose the row.
      expect(await outbox.relaySoon()).toBe(0);
      const pending = await t.db('outbox').whereNull('relayed_at').whereRaw("payload->>'n' = '1'");
      expect(pending).toHaveLength(1);

      await proxy.start();
      // The sweeper's relay (or the after-commit relay's own retry) moves it once Redis is back.
      await eventually(
        async () => {
          await outbox.relay().catch(() => 0);
          const [row] = await t.db('outbox').select('relayed_at').where({ id: pending[0].id });
          return row.relayed_at !== null;
        },
        20_000,
        'the row to be relayed',
      );
      expect((await backend.counts('maintenance')).waiting).toBe(1);
      // Relaying it again (a second sweeper) does not enqueue it twice.
      await t.db('outbox').where({ id: pending[0].id }).update({ relayed_at: null });
      await outbox.relay();
      expect((await backend.counts('maintenance')).waiting).toBe(1);
    } finally {
      await backend.close(1_000);
      await t.close();
      await proxy.stop();
      await dropKeys(prefix);
    }
  }, 45_000);
});

describeWithRedis('failed jobs', () => {
  it('are kept in the failed set and run again when an operator retries them', async () => {
    const prefix = `inkwell:test:failed-${Date.now()}`;
    const backend = new BullMqBackend({ url: testEnv.redisUrl!, prefix, logger });
    let broken = true;
    const runs: string[] = [];
    try {
      await backend.run(
        {
          flaky: {
            queue: 'maintenance',
            handle: async (_data, context) => {
              runs.push(context.id);
              if (broken) throw new UnrecoverableError('broken for good');
            },
          },
        },
        [],
      );
      await backend.add({ queue: 'maintenance', name: 'flaky', data: {}, jobId: 'flaky-1' });
      await eventually(async () => (await backend.counts('maintenance')).failed === 1, 10_000, 'the failed set');
      broken = false;
      expect(await backend.retryFailed('maintenance')).toBe(1);
      await eventually(async () => (await backend.counts('maintenance')).completed === 1, 10_000, 'the retried run');
      expect(runs).toEqual(['flaky-1', 'flaky-1']);
    } finally {
      await backend.close(1_000);
      await dropKeys(prefix);
    }
  });
});
