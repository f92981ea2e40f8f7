import type { Logger } from 'pino';

/** The queues Inkwell runs. Mail is its own queue so a slow SMTP server never delays maintenance. */
export const QUEUES = ['mail', 'maintenance'] as const;
export type QueueName = (typeof QUEUES)[number];

/** A job to put on a queue. Same `jobId` twice = one job (the relay relies on it). */
export interface JobRequest {
  readonly queue: QueueName;
  readonly name: string;
  readonly data: Record<string, unknown>;
  readonly jobId?: string;
}

export interface JobContext {
  readonly id: string;
  readonly queue: QueueName;
  readonly name: string;
  /** 1 on the first run. */
  readonly attempt: number;
  readonly logger: Logger;
}

export type JobHandler = (data: Record<string, unknown>, context: JobContext) => Promise<unknown>;

/** Handlers by job name; each names its queue. */
export type JobHandlers = Readonly<Record<string, { readonly queue: QueueName; readonly handle: JobHandler }>>;

/** A job that runs on a schedule, once per tick across every worker replica. */
export interface RepeatableJob {
  readonly queue: QueueName;
  readonly name: string;
  readonly everyMs: number;
}

export type JobOutcome = 'completed' | 'retrying' | 'failed';

/** What a metrics registry needs for `jobs_total{queue,outcome}` and `job_duration_seconds`. */
export interface JobFinished {
  readonly queue: QueueName;
  readonly name: string;
  readonly outcome: JobOutcome;
  readonly durationSeconds: number;
}

export interface JobHooks {
  /** Called after every run of every job (never throws into the worker). */
  onJobFinished?(event: JobFinished): void;
}

export type QueueCounts = Readonly<Record<'waiting' | 'active' | 'delayed' | 'failed' | 'completed', number>>;

/**
 * Where jobs wait and run: BullMQ on Redis, or an in-process stand-in in embedded mode. The
 * producer side (`add`) is what the API uses; `run` starts consuming (worker process, or the
 * embedded server itself).
 */
export interface JobBackend {
  readonly kind: 'bullmq' | 'memory';
  add(job: JobRequest): Promise<void>;
  run(handlers: JobHandlers, repeatables: readonly RepeatableJob[], hooks?: JobHooks): Promise<void>;
  counts(queue: QueueName): Promise<QueueCounts>;
  /** Moves every failed (dead-lettered) job of a queue back to waiting; returns how many. */
  retryFailed(queue: QueueName): Promise<number>;
  /** Stops taking jobs; running ones finish (up to `timeoutMs`) or go back to the queue. */
  close(timeoutMs?: number): Promise<void>;
}

/** Retry policy of every job: exponential backoff with jitter, then the failed set. */
export const RETRY_POLICY = { attempts: 8, baseDelayMs: 2_000, jitter: 0.5 } as const;

/**
 * BullMQ's own "exponential with jitter" formula, for the in-process backend: attempt n waits a
 * random time in [(1 - jitter) · base · 2^(n-1), base · 2^(n-1)].
 */
export function retryDelayMs(attemptsMade: number, random: () => number = Math.random): number {
  const { baseDelayMs, jitter } = RETRY_POLICY;
  const max = Math.round(2 ** (attemptsMade - 1) * baseDelayMs);
  return Math.floor(random() * max * jitter + max * (1 - jitter));
}
