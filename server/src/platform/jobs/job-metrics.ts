import type { Metrics } from '../observability/metrics';
import type { JobHooks } from './job.types';

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
