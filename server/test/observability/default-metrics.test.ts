import v8 from 'node:v8';
import vm from 'node:vm';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { MetricsRegistry } from '../../src/platform/observability/metrics-registry';

const names = (text: string) =>
  new Set(
    text
      .split('\n')
      .filter((line) => line.startsWith('# TYPE '))
      .map((line) => line.split(' ')[2]),
  );

describe("Node's default metrics", () => {
  it("are prom-client's full set, the GC histogram included", async () => {
    const reference = new Registry();
    collectDefaultMetrics({ register: reference });
    const ours = names(await new MetricsRegistry().scrape());
    const expected = names(await reference.metrics());
    expect(expected.has('nodejs_gc_duration_seconds')).toBe(true);
    for (const name of expected) expect([name, ours.has(name)]).toEqual([name, true]);
  });

  it('count garbage collections by kind, read from V8 at scrape time', async () => {
    const metrics = new MetricsRegistry();
    const count = (text: string, kind: string) =>
      Number(new RegExp(`nodejs_gc_duration_seconds_count\\{kind="${kind}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
    const before = count(await metrics.scrape(), 'major');
    // A full collection on demand (V8's gc(), exposed for this test only).
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    gc();
    gc();
    const after = count(await metrics.scrape(), 'major');
    expect(after).toBeGreaterThanOrEqual(before + 2);
    // Counts accumulate from one scrape to the next, as prom-client's observer's did.
    expect(count(await metrics.scrape(), 'major')).toBeGreaterThanOrEqual(after);
  });
});
