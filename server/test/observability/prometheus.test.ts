import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../support/server-process';
import { startTestApp } from '../support/test-app';

/**
 * A real Prometheus (Debian's `prometheus` package) scrapes a running server and answers the
 * request rate through its query API. scripts/check-observability.sh installs it and sets
 * REQUIRE_PROMETHEUS=1; elsewhere the test is skipped, loudly, when the binary is missing.
 */
const prometheusBinary = spawnSync('sh', ['-c', 'command -v prometheus'], { encoding: 'utf8' }).stdout.trim();
const required = process.env.REQUIRE_PROMETHEUS === '1';
const maybe = prometheusBinary || required ? it : it.skip;
if (!prometheusBinary && !required) {
  console.warn('prometheus is not installed: the real-Prometheus scrape test is skipped (apt-get install prometheus)');
}

interface QueryAnswer {
  status: string;
  data: { result: { metric: Record<string, string>; value: [number, string] }[] };
}

describe('a real Prometheus', () => {
  maybe(
    'scrapes the metrics port and its query API returns the request rate',
    async () => {
      expect(prometheusBinary).not.toBe('');
      const t = await startTestApp();
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'inkwell-prometheus-'));
      const target = new URL(t.metricsUrl).host;
      fs.writeFileSync(
        path.join(dir, 'prometheus.yml'),
        [
          'global: { scrape_interval: 1s, evaluation_interval: 1s }',
          'scrape_configs:',
          '  - job_name: inkwell-api',
          `    static_configs: [{ targets: ['${target}'] }]`,
          '',
        ].join('\n'),
      );
      const port = await freePort();
      const prometheus = spawn(
        prometheusBinary,
        [
          `--config.file=${path.join(dir, 'prometheus.yml')}`,
          `--storage.tsdb.path=${path.join(dir, 'data')}`,
          `--web.listen-address=127.0.0.1:${port}`,
        ],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
      let log = '';
      prometheus.stderr!.on('data', (chunk) => (log += chunk));
      const query = async (promql: string) => {
        const res = await fetch(`http://127.0.0.1:${port}/api/v1/query?query=${encodeURIComponent(promql)}`);
        return (await res.json()) as QueryAnswer;
      };
      try {
        // Traffic for a few seconds, so the rate has several scrapes to work with.
        const deadline = Date.now() + 60_000;
        let rate = 0;
        while (Date.now() < deadline) {
          await Promise.all(Array.from({ length: 10 }, () => fetch(`${t.url}/health/`).then((res) => res.text())));
          await new Promise((resolve) => setTimeout(resolve, 250));
          const answer = await query(
            'sum(rate(http_server_request_duration_seconds_count{job="inkwell-api",route="/health/"}[10s]))',
          ).catch(() => undefined);
          rate = Number(answer?.data.result[0]?.value[1] ?? 0);
          if (rate > 0) break;
        }
        expect(rate).toBeGreaterThan(0);
        const up = await query('up{job="inkwell-api"}');
        expect(up.data.result.map((sample) => sample.value[1])).toEqual(['1']);
        const byRoute = await query('sum by (route) (http_server_request_duration_seconds_count{job="inkwell-api"})');
        expect(byRoute.data.result.map((sample) => sample.metric.route)).toContain('/health/');
      } catch (error) {
        throw new Error(`${(error as Error).message}\nprometheus log:\n${log.slice(-2000)}`);
      } finally {
        prometheus.kill('SIGTERM');
        await new Promise((resolve) => prometheus.once('exit', resolve));
        fs.rmSync(dir, { recursive: true, force: true });
        await t.close();
      }
    },
    90_000,
  );
});
