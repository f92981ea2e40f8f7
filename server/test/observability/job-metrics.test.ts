import { UnrecoverableError } from 'bullmq';
import Redis from 'ioredis';
import { BullMqBackend } from '../../src/platform/jobs/bullmq.backend';
import { instrumentJobRuntime, jobMetricsHooks, observeQueueDepth } from '../../src/platform/jobs/job-metrics';
import { MemoryBackend } from '../../src/platform/jobs/memory.backend';
import { createLogger } from '../../src/platform/observability/logger';
import { MetricsRegistry } from '../../src/platform/observability/metrics-registry';
import { testEnv } from '../support/env';
import { LogCapture } from '../support/log-capture';
import { eventually } from '../support/smtp-capture';

const describeWithRedis = testEnv.embedded ? describe.skip : describe;
const logger = createLogger('silent', new LogCapture());

describe('job metrics', () => {
  it('counts every run of a job by queue and outcome, and times it', async () => {
    const metrics = new MetricsRegistry({ defaultMetrics: false });
    const hooks = jobMetricsHooks(metrics);
    hooks.onJobFinished!({ queue: 'mail', name: 'mail.send', outcome: 'retrying', durationSeconds: 0.2 });
    hooks.onJobFinished!({ queue: 'mail', name: 'mail.send', outcome: 'completed', durationSeconds: 0.1 });
    hooks.onJobFinished!({ queue: 'maintenance', name: 'maintenance.purge', outcome: 'failed', durationSeconds: 1 });

    const text = await metrics.scrape();
    expect(text).toContain('jobs_total{queue="mail",outcome="retried"} 1');
    expect(text).toContain('jobs_total{queue="mail",outcome="completed"} 1');
    expect(text).toContain('jobs_total{queue="maintenance",outcome="failed"} 1');
    expect(text).toContain('job_duration_seconds_count{queue="mail"} 2');
  });

  it('serves every queue’s job counts at zero from the first scrape of a process that consumes them', async () => {
    const metrics = new MetricsRegistry({ defaultMetrics: false });
    const backend = new MemoryBackend(logger, 1);
    try {
      instrumentJobRuntime(metrics, backend);
      const text = await metrics.scrape();
      for (const queue of ['mail', 'maintenance']) {
        for (const outcome of ['completed', 'failed', 'retried']) {
          expect(text).toContain(`jobs_total{queue="${queue}",outcome="${outcome}"} 0`);
        }
        expect(text).toContain(`job_queue_jobs{queue="${queue}",state="waiting"} 0`);
      }
    } finally {
      await backend.close(1_000);
    }
  });
});

/** The `job_queue_jobs` samples of a scrape, as `queue/state` → value. */
function queueDepth(text: string): Record<string, number> {
  const samples: Record<string, number> = {};
  for (const [, queue, state, value] of text.matchAll(/^job_queue_jobs\{queue="([^"]+)",state="([^"]+)"\} (\S+)$/gm)) {
    samples[`${queue}/${state}`] = Number(value);
  }
  return samples;
}

describeWithRedis('queue depth gauges', () => {
  it('report each BullMQ queue’s waiting, active, delayed and failed jobs as of the scrape', async () => {
    const prefix = `inkwell:test:depth-${Date.now()}`;
    const backend = new BullMqBackend({ url: testEnv.redisUrl!, prefix, logger });
    const metrics = new MetricsRegistry({ defaultMetrics: false });
    observeQueueDepth(metrics, backend);
    try {
      expect(queueDepth(await metrics.scrape())).toEqual({
        'mail/waiting': 0,
        'mail/active': 0,
        'mail/delayed': 0,
        'mail/failed': 0,
        'maintenance/waiting': 0,
        'maintenance/active': 0,
        'maintenance/delayed': 0,
        'maintenance/failed': 0,
      });

      // Two mails nobody consumes yet; one maintenance job that fails for good.
      await backend.add({ queue: 'mail', name: 'mail.send', data: {}, jobId: 'mail-1' });
      await backend.add({ queue: 'mail', name: 'mail.send', data: {}, jobId: 'mail-2' });
      await backend.run(
        {
          broken: {
            queue: 'maintenance',
            handle: async () => {
              throw new UnrecoverableError('broken for good');
            },
          },
        },
        [],
      );
      await backend.add({ queue: 'maintenance', name: 'broken', data: {}, jobId: 'broken-1' });
      await eventually(async () => (await backend.counts('maintenance')).failed === 1, 10_000, 'the failed set');

      const depth = queueDepth(await metrics.scrape());
      expect(depth).toMatchObject({
        'mail/waiting': 2,
        'mail/failed': 0,
        'maintenance/waiting': 0,
        'maintenance/failed': 1,
      });
    } finally {
      await backend.close(1_000);
      const redis = new Redis(testEnv.redisUrl!);
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
    }
  });

  it('leave a queue out of the scrape when it cannot be counted in time, and the scrape still answers', async () => {
    const metrics = new MetricsRegistry({ defaultMetrics: false });
    let counted = 0;
    metrics.observeQueues(
      ['mail', 'maintenance'],
      (queue) => {
        counted += 1;
        return queue === 'mail'
          ? Promise.resolve({ waiting: 3, active: 1, delayed: 0, failed: 0 })
          : new Promise(() => undefined); // Redis never answers
      },
      200,
    );
    const started = Date.now();
    const depth = queueDepth(await metrics.scrape());
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(depth).toEqual({ 'mail/waiting': 3, 'mail/active': 1, 'mail/delayed': 0, 'mail/failed': 0 });
    expect(counted).toBe(2);
  });
});
