import type { Metrics } from '../observability/metrics';
import type { MetricsRegistry } from '../observability/metrics-registry';
import { QUEUES, type JobBackend, type JobHooks, type QueueName } from './job.types';

/**
 * Joins the job runtime's `onJobFinished` hook to the metrics (`jobs_total{queue,outcome}`,
 * `job_duration_seconds{queue}`), for the worker and for jobs run in the API process alike.
 */
export function jobMetricsHooks(metrics: Metrics): JobHooks {
  return {
    onJobFinished: ({ queue, outcome, durationSeconds }) =>
      metrics.jobFinished(queue, outcome === 'retrying' ? 'retried' : outcome, durationSeconds),
  };
}

/**
 * `job_queue_jobs{queue,state}` for every queue, counted by the backend at scrape time. Served by
 * the process that consumes the queues (the worker, or the API when it runs jobs in process), so
 * there is one series per queue rather than one per API replica, all asking Redis the same thing.
 */
export function observeQueueDepth(metrics: MetricsRegistry, backend: JobBackend): void {
  metrics.observeQueues(QUEUES, (queue) => backend.counts(queue as QueueName));
}

/**
 * What a process that consumes the queues adds to its registry (the worker, or the API when it
 * runs jobs in process): the queue depth gauges, `jobs_total` at zero for every queue, and the
 * hooks that count and time each run. Both entry points call this, and the dashboard check
 * builds the worker's registry with it.
 */
export function instrumentJobRuntime(metrics: MetricsRegistry, backend: JobBackend): JobHooks {
  metrics.expectQueues(QUEUES);
  observeQueueDepth(metrics, backend);
  return jobMetricsHooks(metrics);
}
