import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { collectNodeMetrics } from './default-metrics';
import { withTimeout } from '../db/database';
import type { AuthEvent, JobOutcome, Metrics, ResponseCacheResult } from './metrics';

/** Seconds; from a fast cached read to a slow page, with the 250 ms / 1 s budgets on edges. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const JOB_BUCKETS = [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300];

/** Label value for anything past a label's cap. */
export const OTHER = 'other';

/**
 * Keeps a label's values bounded: the known values always pass, then the first `cap` others;
 * anything after that folds into `other`, so a flood of invented names cannot grow the series.
 */
export class BoundedLabel {
  private readonly seen = new Set<string>();

  private readonly known: Set<string>;

  constructor(
    known: Iterable<string>,
    private readonly cap: number,
  ) {
    this.known = new Set(known);
  }

  allow(values: Iterable<string>): void {
    for (const value of values) this.known.add(value);
  }

  value(candidate: string): string {
    if (this.known.has(candidate) || this.seen.has(candidate)) return candidate;
    if (this.seen.size >= this.cap) return OTHER;
    this.seen.add(candidate);
    return candidate;
  }
}

/**
 * A metric's children by label values, each made once with `metric.labels(...)`: the hot paths
 * (every request, every operation) then skip building a label object per call. Label values are
 * bounded by their callers (BoundedLabel, fixed sets, status codes), so the maps stay small.
 */
class Children<T> {
  private readonly root = new Map<string | number, unknown>();

  constructor(private readonly make: (...values: string[]) => T) {}

  get(...values: (string | number)[]): T {
    let node = this.root;
    const last = values.length - 1;
    for (let i = 0; i < last; i += 1) {
      let next = node.get(values[i]!) as Map<string | number, unknown> | undefined;
      if (!next) node.set(values[i]!, (next = new Map()));
      node = next;
    }
    let child = node.get(values[last]!) as T | undefined;
    if (child === undefined) {
      child = this.make(...values.map(String));
      node.set(values[last]!, child);
    }
    return child;
  }
}

/** The queue states `job_queue_jobs` reports (completed jobs are counted by `jobs_total`). */
export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;
export type QueueState = (typeof QUEUE_STATES)[number];

export type GraphQLOutcome = 'success' | 'partial' | 'error';

export interface PoolStats {
  used: number;
  idle: number;
  waiting: number;
}

export interface MetricsRegistryOptions {
  /** Operation names of the persisted-query allowlist: always their own label value. */
  knownOperations?: Iterable<string>;
  /** How many other operation names get a label value of their own before `other` (100). */
  maxOtherOperations?: number;
  /** prom-client's process and Node.js metrics (event loop lag, heap, GC): on by default. */
  defaultMetrics?: boolean;
}

/**
 * The process's Prometheus registry: the metric names are the contract's. One per app (tests
 * build their own), served by metrics-server.ts on METRICS_PORT.
 */
export class MetricsRegistry implements Metrics {
  readonly registry = new Registry();
  private readonly operations: BoundedLabel;
  private readonly queues = new BoundedLabel([], 50);
  private readonly buckets = new BoundedLabel([], 50);

  private readonly httpDuration = new Histogram({
    name: 'http_server_request_duration_seconds',
    help: 'HTTP requests by method, route template and status code.',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  private readonly graphqlDuration = new Histogram({
    name: 'graphql_operation_duration_seconds',
    help: 'GraphQL operations by name (allowlisted or capped), type and outcome.',
    labelNames: ['operation_name', 'operation_type', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  private readonly graphqlErrors = new Counter({
    name: 'graphql_errors_total',
    help: 'GraphQL errors by contract error code.',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });
  private readonly rateLimitRejections = new Counter({
    name: 'rate_limit_rejections_total',
    help: 'Requests refused by a rate-limit bucket.',
    labelNames: ['bucket'] as const,
    registers: [this.registry],
  });
  private readonly authEvents = new Counter({
    name: 'auth_events_total',
    help: 'Auth lifecycle events (logins, refreshes, reuse, revocations, password changes).',
    labelNames: ['event'] as const,
    registers: [this.registry],
  });
  private readonly responseCache = new Counter({
    name: 'response_cache_requests_total',
    help: 'Response cache lookups by result.',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  private readonly redisErrors = new Counter({
    name: 'redis_command_errors_total',
    help: 'Redis commands that failed (timeout, connection lost, server error).',
    registers: [this.registry],
  });
  private readonly jobs = new Counter({
    name: 'jobs_total',
    help: 'Background jobs by queue and outcome.',
    labelNames: ['queue', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly jobDuration = new Histogram({
    name: 'job_duration_seconds',
    help: 'Background job run time by queue.',
    labelNames: ['queue'] as const,
    buckets: JOB_BUCKETS,
    registers: [this.registry],
  });

  private readonly httpChildren = new Children((method, route, status) =>
    this.httpDuration.labels(method, route, status),
  );
  private readonly graphqlChildren = new Children((name, type, outcome) =>
    this.graphqlDuration.labels(name, type, outcome),
  );
  private readonly graphqlErrorChildren = new Children((code) => this.graphqlErrors.labels(code));
  private readonly responseCacheChildren = new Children((result) => this.responseCache.labels(result));

  constructor(options: MetricsRegistryOptions = {}) {
    this.operations = new BoundedLabel(options.knownOperations ?? [], options.maxOtherOperations ?? 100);
    if (options.defaultMetrics ?? true) collectNodeMetrics(this.registry);
    // Every series a dashboard or alert reads exists from the first scrape, at zero.
    for (const event of AUTH_EVENTS) this.authEvents.inc({ event }, 0);
    for (const result of ['hit', 'miss', 'bypass'] as const) this.responseCache.inc({ result }, 0);
    this.redisErrors.inc(0);
  }

  /** Operation names that always get their own label value (the persisted-query allowlist's). */
  allowOperations(names: Iterable<string>): void {
    this.operations.allow(names);
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The exposition text (Prometheus text format 0.0.4). */
  scrape(): Promise<string> {
    return this.registry.metrics();
  }

  httpRequest(method: string, route: string, statusCode: number, seconds: number): void {
    this.httpChildren.get(method, route, statusCode).observe(seconds);
  }

  graphqlOperation(name: string, type: string, outcome: GraphQLOutcome, seconds: number): void {
    this.graphqlChildren.get(this.operations.value(name), type, outcome).observe(seconds);
  }

  graphqlError(code: string): void {
    this.graphqlErrorChildren.get(code).inc();
  }

  authEvent(event: AuthEvent, count = 1): void {
    if (count > 0) this.authEvents.inc({ event }, count);
  }

  rateLimitRejected(bucket: string): void {
    this.rateLimitRejections.inc({ bucket: this.buckets.value(bucket) });
  }

  responseCacheRequest(result: ResponseCacheResult): void {
    this.responseCacheChildren.get(result).inc();
  }

  redisCommandFailed(): void {
    this.redisErrors.inc();
  }

  jobFinished(queue: string, outcome: JobOutcome, seconds: number): void {
    const label = this.queues.value(queue);
    this.jobs.inc({ queue: label, outcome });
    this.jobDuration.observe({ queue: label }, seconds);
  }

  /**
   * `jobs_total{queue,outcome}` of a process that consumes these queues exists from the first
   * scrape, at zero: `increase()` counts nothing before a series' first sample, so a counter born
   * at 1 would hide the first finished job from the stalled-queue alert.
   */
  expectQueues(queues: readonly string[]): void {
    for (const queue of queues) {
      const label = this.queues.value(queue);
      for (const outcome of JOB_OUTCOMES) this.jobs.inc({ queue: label, outcome }, 0);
    }
  }

  /** `db_pool_connections{state}`, read from the pool at each scrape. */
  observePool(stats: () => PoolStats | null): void {
    new Gauge({
      name: 'db_pool_connections',
      help: 'PostgreSQL pool connections: used, idle, and requests waiting for one.',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        const current = stats();
        if (!current) return;
        this.set({ state: 'used' }, current.used);
        this.set({ state: 'idle' }, current.idle);
        this.set({ state: 'waiting' }, current.waiting);
      },
    });
  }

  /**
   * `job_queue_jobs{queue,state}`: the jobs waiting, active, delayed and failed in each queue,
   * counted at scrape time (one BullMQ count per queue, under a timeout), so nothing runs between
   * scrapes. A queue whose count fails or times out has no series in that scrape (an alert on
   * the backlog then sees absence, and `dependency_up` or the target-down alert says why).
   */
  observeQueues(
    queues: readonly string[],
    counts: (queue: string) => Promise<Readonly<Record<QueueState, number>>>,
    timeoutMs = 1_000,
  ): void {
    new Gauge({
      name: 'job_queue_jobs',
      help: 'Background jobs in each queue by state (waiting, active, delayed, failed), read at scrape time.',
      labelNames: ['queue', 'state'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        await Promise.all(
          queues.map(async (queue) => {
            const current = await withTimeout(counts(queue), timeoutMs, `queue ${queue}`).catch(() => null);
            if (!current) return;
            for (const state of QUEUE_STATES) this.set({ queue, state }, current[state]);
          }),
        );
      },
    });
  }

  /** `dependency_up{dependency}`: 1 when the check answers within the timeout at scrape time, else 0. */
  observeDependencies(checks: Record<string, () => Promise<unknown>>, timeoutMs = 1_000): void {
    new Gauge({
      name: 'dependency_up',
      help: 'Whether a dependency (postgres, redis) answered its health check at scrape time.',
      labelNames: ['dependency'] as const,
      registers: [this.registry],
      async collect() {
        await Promise.all(
          Object.entries(checks).map(async ([dependency, check]) => {
            const up = await withTimeout(check(), timeoutMs, dependency).then(
              () => 1,
              () => 0,
            );
            this.set({ dependency }, up);
          }),
        );
      },
    });
  }
}

const AUTH_EVENTS: readonly AuthEvent[] = [
  'register',
  'login_success',
  'login_failure',
  'refresh',
  'refresh_reuse',
  'logout',
  'session_revoked',
  'password_changed',
];

const JOB_OUTCOMES: readonly JobOutcome[] = ['completed', 'failed', 'retried'];
