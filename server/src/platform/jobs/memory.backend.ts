import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import {
  RETRY_POLICY,
  retryDelayMs,
  type JobBackend,
  type JobHandlers,
  type JobHooks,
  type JobRequest,
  type QueueCounts,
  type QueueName,
  type RepeatableJob,
} from './job.types';

interface Entry {
  readonly id: string;
  readonly request: JobRequest;
  attemptsMade: number;
}

/**
 * Embedded mode's queue: the same handlers, retry policy and hooks as BullMQ, in this process
 * and in memory (no Redis to run BullMQ on). What it cannot do is survive a restart: the outbox
 * covers that, since its sweeper re-relays rows whose job never finished (ADR 15).
 */
export class MemoryBackend implements JobBackend {
  readonly kind = 'memory';
  private readonly waiting: Entry[] = [];
  private readonly failed: Entry[] = [];
  private readonly delayed = new Set<NodeJS.Timeout>();
  private readonly intervals: NodeJS.Timeout[] = [];
  private readonly known = new Set<string>();
  private readonly active = new Set<Promise<void>>();
  private completed = 0;
  private handlers: JobHandlers | null = null;
  private hooks: JobHooks = {};
  private closing = false;

  constructor(
    private readonly logger: Logger,
    private readonly concurrency = 2,
  ) {}

  async add(job: JobRequest): Promise<void> {
    const id = job.jobId ?? randomUUID();
    if (this.known.has(id)) return;
    this.known.add(id);
    this.waiting.push({ id, request: job, attemptsMade: 0 });
    this.pump();
  }

  async run(handlers: JobHandlers, repeatables: readonly RepeatableJob[], hooks: JobHooks = {}): Promise<void> {
    this.handlers = handlers;
    this.hooks = hooks;
    for (const repeatable of repeatables) {
      const timer = setInterval(() => {
        this.waiting.push({ id: randomUUID(), request: { ...repeatable, data: {} }, attemptsMade: 0 });
        this.pump();
      }, repeatable.everyMs);
      timer.unref();
      this.intervals.push(timer);
    }
    this.pump();
  }

  private pump(): void {
    while (this.handlers && !this.closing && this.active.size < this.concurrency && this.waiting.length > 0) {
      const entry = this.waiting.shift()!;
      const running = this.execute(entry).finally(() => {
        this.active.delete(running);
        this.pump();
      });
      this.active.add(running);
    }
  }

  private async execute(entry: Entry): Promise<void> {
    const { queue, name, data } = entry.request;
    const handler = this.handlers?.[name];
    const attempt = entry.attemptsMade + 1;
    const started = performance.now();
    const finish = (outcome: 'completed' | 'retrying' | 'failed') => {
      try {
        this.hooks.onJobFinished?.({ queue, name, outcome, durationSeconds: (performance.now() - started) / 1000 });
      } catch (error) {
        this.logger.warn({ err: error }, 'onJobFinished hook threw');
      }
    };
    try {
      if (!handler) throw new Error(`no handler for job ${name}`);
      await handler.handle(data, {
        id: entry.id,
        queue,
        name,
        attempt,
        logger: this.logger.child({ job_id: entry.id, job: name, queue, attempt }),
      });
      this.completed += 1;
      finish('completed');
    } catch (error) {
      entry.attemptsMade = attempt;
      const final = !handler || attempt >= RETRY_POLICY.attempts;
      finish(final ? 'failed' : 'retrying');
      this.logger.warn({ err: error, job_id: entry.id, job: name, queue, attempt, final }, 'job failed');
      if (final) {
        this.failed.push(entry);
        return;
      }
      const timer = setTimeout(() => {
        this.delayed.delete(timer);
        this.waiting.push(entry);
        this.pump();
      }, retryDelayMs(attempt));
      timer.unref();
      this.delayed.add(timer);
    }
  }

  async counts(queue: QueueName): Promise<QueueCounts> {
    const inQueue = (entries: Iterable<Entry>) => [...entries].filter((entry) => entry.request.queue === queue).length;
    return {
      waiting: inQueue(this.waiting),
      active: this.active.size,
      delayed: this.delayed.size,
      failed: inQueue(this.failed),
      completed: this.completed,
    };
  }

  async retryFailed(queue: QueueName): Promise<number> {
    const retried = this.failed.filter((entry) => entry.request.queue === queue);
    for (const entry of retried) {
      this.failed.splice(this.failed.indexOf(entry), 1);
      entry.attemptsMade = 0;
      this.waiting.push(entry);
    }
    this.pump();
    return retried.length;
  }

  async close(timeoutMs = 10_000): Promise<void> {
    this.closing = true;
    this.intervals.forEach(clearInterval);
    this.delayed.forEach(clearTimeout);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([Promise.allSettled([...this.active]), deadline]);
    clearTimeout(timer);
  }
}
