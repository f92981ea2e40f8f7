import { performance } from 'node:perf_hooks';
import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import Redis from 'ioredis';
import { withTimeout } from '../db/database';
import type { Logger } from 'pino';
import {
  QUEUES,
  RETRY_POLICY,
  type JobBackend,
  type JobHandlers,
  type JobHooks,
  type JobRequest,
  type QueueCounts,
  type QueueName,
  type RepeatableJob,
} from './job.types';

export interface BullMqBackendOptions {
  url: string;
  /** BullMQ's key prefix (keys are `<prefix>:<queue>:…`); tests use one per test. */
  prefix: string;
  logger: Logger;
  concurrency?: number;
  /** How long a job's lock lives without renewal: a crashed worker's job is recovered after it. */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
}

/** Completed jobs stay a day (their ids keep deduplicating a late relay); failed ones stay until retried. */
const KEEP_COMPLETED = { age: 24 * 3600, count: 10_000 };

/**
 * BullMQ on Redis. The API only produces (Queue); the worker process consumes (Worker). Stalled
 * jobs (their worker died) go back to waiting after `lockDurationMs`; job schedulers run each
 * repeatable job once per tick whatever the number of workers.
 */
export class BullMqBackend implements JobBackend {
  readonly kind = 'bullmq';
  private readonly producer: Redis;
  private readonly queues = new Map<QueueName, Queue>();
  private readonly workers: Worker[] = [];
  private readonly connections: Redis[] = [];

  constructor(private readonly options: BullMqBackendOptions) {
    // Producers fail fast when Redis is down (the outbox keeps the row for the sweeper): one
    // retry and a command timeout, rather than an offline queue that waits for Redis forever.
    this.producer = new Redis(options.url, {
      maxRetriesPerRequest: 1,
      commandTimeout: 3_000,
      connectTimeout: 2_000,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    });
    this.producer.on('error', () => undefined);
  }

  /** The BullMQ queues, for Bull Board. */
  allQueues(): Queue[] {
    return QUEUES.map((name) => this.queue(name));
  }

  private queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, {
        connection: this.producer,
        prefix: this.options.prefix,
        skipWaitingForReady: true,
        defaultJobOptions: {
          attempts: RETRY_POLICY.attempts,
          backoff: { type: 'exponential', delay: RETRY_POLICY.baseDelayMs, jitter: RETRY_POLICY.jitter },
          removeOnComplete: KEEP_COMPLETED,
          removeOnFail: false,
        },
      });
      queue.on('error', () => undefined);
      this.queues.set(name, queue);
    }
    return queue;
  }

  async add(job: JobRequest): Promise<void> {
    const queue = this.queue(job.queue);
    try {
      // Bounded: the outbox relay holds row locks while it waits for this.
      await withTimeout(queue.add(job.name, job.data, job.jobId ? { jobId: job.jobId } : undefined), 5_000, 'enqueue');
    } catch (error) {
      // A queue created while Redis was down keeps its failed start: the next call gets a new one.
      this.queues.delete(job.queue);
      await queue.close().catch(() => undefined);
      throw error;
    }
  }

  async run(handlers: JobHandlers, repeatables: readonly RepeatableJob[], hooks: JobHooks = {}): Promise<void> {
    const { logger, prefix } = this.options;
    for (const repeatable of repeatables) {
      // Upserting the same scheduler id from every replica is idempotent: one schedule, one job per tick.
      await this.queue(repeatable.queue).upsertJobScheduler(
        repeatable.name,
        { every: repeatable.everyMs },
        { name: repeatable.name, data: {} },
      );
    }
    const queues = new Set(Object.values(handlers).map((handler) => handler.queue));
    for (const queueName of queues) {
      const connection = new Redis(this.options.url, { maxRetriesPerRequest: null, connectTimeout: 2_000 });
      connection.on('error', () => undefined);
      this.connections.push(connection);
      const worker = new Worker(
        queueName,
        async (job: Job) => {
          const handler = handlers[job.name];
          if (!handler || handler.queue !== queueName) throw new UnrecoverableError(`no handler for job ${job.name}`);
          const attempt = job.attemptsMade + 1;
          const started = performance.now();
          const finish = (outcome: 'completed' | 'retrying' | 'failed') =>
            safely(logger, () =>
              hooks.onJobFinished?.({
                queue: queueName,
                name: job.name,
                outcome,
                durationSeconds: (performance.now() - started) / 1000,
              }),
            );
          try {
            const result = await handler.handle(job.data as Record<string, unknown>, {
              id: job.id!,
              queue: queueName,
              name: job.name,
              attempt,
              logger: logger.child({ job_id: job.id, job: job.name, queue: queueName, attempt }),
            });
            finish('completed');
            return result;
          } catch (error) {
            const final = error instanceof UnrecoverableError || attempt >= (job.opts.attempts ?? 1);
            finish(final ? 'failed' : 'retrying');
            logger.warn(
              { err: error, job_id: job.id, job: job.name, queue: queueName, attempt, final },
              final ? 'job failed for good: kept in the failed set' : 'job failed: will retry',
            );
            throw error;
          }
        },
        {
          connection,
          prefix,
          concurrency: this.options.concurrency ?? 5,
          lockDuration: this.options.lockDurationMs ?? 30_000,
          stalledInterval: this.options.stalledIntervalMs ?? 30_000,
          maxStalledCount: 2,
        },
      );
      worker.on('error', (error) =>
        logger.error({ err: { message: error.message }, queue: queueName }, 'worker error'),
      );
      this.workers.push(worker);
      await worker.waitUntilReady();
    }
  }

  async counts(queue: QueueName): Promise<QueueCounts> {
    const counts = await this.queue(queue).getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
    return {
      waiting: counts.waiting ?? 0,
      active: counts.active ?? 0,
      delayed: counts.delayed ?? 0,
      failed: counts.failed ?? 0,
      completed: counts.completed ?? 0,
    };
  }

  async retryFailed(queue: QueueName): Promise<number> {
    const failed = await this.queue(queue).getFailed(0, -1);
    await Promise.all(failed.map((job) => job.retry('failed')));
    return failed.length;
  }

  async close(timeoutMs = 10_000): Promise<void> {
    // close() waits for running jobs; past the deadline they are abandoned and recovered as stalled.
    await Promise.all(
      this.workers.map(async (worker) => {
        let timer: NodeJS.Timeout | undefined;
        const deadline = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), timeoutMs)));
        const outcome = await Promise.race([worker.close().then(() => 'closed' as const), deadline]);
        clearTimeout(timer);
        if (outcome === 'late') await worker.close(true);
      }),
    );
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    for (const connection of this.connections) connection.disconnect();
    this.producer.disconnect();
  }
}

function safely(logger: Logger, run: () => void): void {
  try {
    run();
  } catch (error) {
    logger.warn({ err: error }, 'onJobFinished hook threw');
  }
}
