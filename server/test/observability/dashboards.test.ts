import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { createJobBackend } from '../../src/jobs';
import { instrumentJobRuntime } from '../../src/platform/jobs/job-metrics';
import { createLogger } from '../../src/platform/observability/logger';
import { MetricsRegistry } from '../../src/platform/observability/metrics-registry';
import { LogCapture } from '../support/log-capture';
import { CONTRACT_METRICS } from '../support/metrics';
import { metricNamesIn } from '../support/promql';
import { startTestApp } from '../support/test-app';

const OBSERVABILITY = path.join(__dirname, '..', '..', '..', 'docker', 'observability');
const DOCS = path.join(__dirname, '..', '..', '..', 'docs', 'observability.md');

interface Panel {
  type: string;
  title: string;
  targets?: { expr: string }[];
  panels?: Panel[];
}

/** The metric names of a Prometheus exposition (histograms and summaries with their series suffixes). */
function namesIn(text: string, names: Set<string>): void {
  for (const [, name, type] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    names.add(name!);
    if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(name! + suffix);
    if (type === 'summary') for (const suffix of ['_sum', '_count']) names.add(name! + suffix);
  }
}

/**
 * Every metric name Prometheus finds on Inkwell's targets: a running API's scrape, plus what a
 * process that consumes the queues adds (the worker's registry, built as worker.ts builds it, on
 * the test app's queues), since the queue depth gauges are served there and not by every replica.
 */
async function exportedNames(): Promise<Set<string>> {
  const t = await startTestApp();
  const backend = createJobBackend(t.config, createLogger('silent', new LogCapture()));
  try {
    const names = new Set<string>();
    namesIn(await (await fetch(`${t.metricsUrl}/metrics`)).text(), names);
    const worker = new MetricsRegistry();
    instrumentJobRuntime(worker, backend);
    namesIn(await worker.scrape(), names);
    return names;
  } finally {
    await backend.close(1_000);
    await t.close();
  }
}

describe('the committed dashboard and alert rules', () => {
  let exported: Set<string>;
  beforeAll(async () => {
    exported = await exportedNames();
  });

  it('reads PromQL the way the check needs', () => {
    expect(
      metricNamesIn(
        'histogram_quantile(0.99, sum by (le, route) (rate(http_server_request_duration_seconds_bucket{route!="x"}[5m]))) > 1',
      ),
    ).toEqual(['http_server_request_duration_seconds_bucket']);
    expect(
      metricNamesIn('sum(rate(a_total{instance=~"$instance"}[$__rate_interval])) / sum(rate(b_total[5m]))'),
    ).toEqual(['a_total', 'b_total']);
  });

  it('has a dashboard whose every panel queries metrics the server exports', () => {
    const dashboard = JSON.parse(fs.readFileSync(path.join(OBSERVABILITY, 'grafana/dashboards/inkwell.json'), 'utf8'));
    const panels = (dashboard.panels as Panel[]).flatMap((panel) => [panel, ...(panel.panels ?? [])]);
    const queried = panels.filter((panel) => panel.type !== 'row');
    expect(queried.length).toBeGreaterThanOrEqual(15);
    for (const panel of queried) {
      expect([panel.title, panel.targets?.length ?? 0]).not.toEqual([panel.title, 0]);
      for (const target of panel.targets!) {
        const names = metricNamesIn(target.expr);
        expect([panel.title, names.length > 0]).toEqual([panel.title, true]);
        for (const name of names) expect([panel.title, name, exported.has(name)]).toEqual([panel.title, name, true]);
      }
    }
    // The contract's metrics (and the event loop lag and the queue depth) all have a panel.
    const used = queried
      .flatMap((panel) => panel.targets!.flatMap((target) => metricNamesIn(target.expr)))
      .map((name) => name.replace(/_(bucket|count|sum)$/, ''));
    for (const name of [...CONTRACT_METRICS, 'nodejs_eventloop_lag_p99_seconds', 'job_queue_jobs']) {
      expect(used).toContain(name);
    }
    // A panel links to the traces of the operation it shows.
    const links = queried.flatMap(
      (panel) =>
        (panel as { fieldConfig?: { defaults?: { links?: { url: string }[] } } }).fieldConfig?.defaults?.links ?? [],
    );
    expect(
      links.some(
        (link) =>
          link.url.includes('"datasource":"tempo"') &&
          link.url.includes('span.graphql.operation.name') &&
          link.url.includes('${__field.labels.operation_name}'),
      ),
    ).toBe(true);
  });

  it('has alert rules that read exported metrics, each with a runbook paragraph', () => {
    const rules = parseYaml(fs.readFileSync(path.join(OBSERVABILITY, 'prometheus/alerts.yml'), 'utf8')) as {
      groups: { rules: { alert: string; expr: string; annotations: { runbook_url: string } }[] }[];
    };
    const runbook = fs.readFileSync(DOCS, 'utf8');
    const alerts = rules.groups.flatMap((group) => group.rules);
    expect(alerts.map((rule) => rule.alert)).toEqual(
      expect.arrayContaining([
        'InkwellHigh5xxRatio',
        'InkwellP99LatencyAboveBudget',
        'InkwellRefreshReuseSpike',
        'InkwellRedisUnavailable',
        'InkwellPostgresUnavailable',
        'InkwellDbPoolExhausted',
        'InkwellEventLoopLag',
        'InkwellJobBacklog',
        'InkwellJobQueueStalled',
        'InkwellFailedJobsAccumulating',
      ]),
    );
    for (const rule of alerts) {
      for (const name of metricNamesIn(rule.expr)) {
        // `up` is Prometheus's own, per target.
        expect([rule.alert, name, name === 'up' || exported.has(name)]).toEqual([rule.alert, name, true]);
      }
      const anchor = rule.annotations.runbook_url.split('#')[1]!;
      expect(runbook).toMatch(new RegExp(`^### ${rule.alert}$`, 'm'));
      expect(anchor).toBe(rule.alert.toLowerCase());
    }
  });
});
