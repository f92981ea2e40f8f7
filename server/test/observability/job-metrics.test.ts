import { jobMetricsHooks } from '../../src/platform/jobs/job-metrics';
import { MetricsRegistry } from '../../src/platform/observability/metrics-registry';

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
});
