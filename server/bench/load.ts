import http from 'node:http';

export interface LoadResult {
  requests: number;
  errors: number;
  rps: number;
  p50: number;
  p99: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

/** Answered requests' latencies (ms) and the failures since `started` (Date.now()) as a result. */
function result(latencies: number[], errors: number, started: number): LoadResult {
  const seconds = (Date.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    rps: latencies.length / seconds,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
  };
}

export interface Reply {
  /** 0 when the request failed before an answer. */
  status: number;
  body: string;
  ms: number;
}

/** One JSON POST over `agent`: its status, body and latency (ms). */
export function request(
  agent: http.Agent,
  port: number,
  path: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const started = process.hrtime.bigint();
  const elapsed = () => Number(process.hrtime.bigint() - started) / 1e6;
  return new Promise((resolve) => {
    const req = http.request(
      {
        agent,
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms: elapsed() }),
        );
      },
    );
    req.on('error', () => resolve({ status: 0, body: '', ms: elapsed() }));
    req.end(body);
  });
}

async function once(agent: http.Agent, port: number, path: string, body: string, headers?: Record<string, string>) {
  const reply = await request(agent, port, path, body, headers);
  return { ms: reply.ms, ok: reply.status === 200 };
}

/**
 * Closed-loop load: one loop per virtual client, each sending its next request when the last
 * answers, until `durationMs` has passed. `step(client, agent)` sends one request and says
 * whether it succeeded and how long it took.
 */
export async function closedLoop<C>(
  clients: C[],
  step: (client: C, agent: http.Agent) => Promise<{ ok: boolean; ms: number }>,
  durationMs: number,
): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients.length });
  const latencies: number[] = [];
  let errors = 0;
  const started = Date.now();
  const deadline = started + durationMs;
  await Promise.all(
    clients.map(async (client) => {
      while (Date.now() < deadline) {
        const { ok, ms } = await step(client, agent);
        if (ok) latencies.push(ms);
        else errors += 1;
      }
    }),
  );
  agent.destroy();
  return result(latencies, errors, started);
}

/** Closed-loop load of one request shape from `connections` clients. */
export function load(
  port: number,
  path: string,
  body: string,
  options: { connections: number; durationMs: number; headers?: Record<string, string> },
): Promise<LoadResult> {
  return closedLoop(
    Array.from({ length: options.connections }, (_, i) => i),
    (_client, agent) => once(agent, port, path, body, options.headers),
    options.durationMs,
  );
}

/** Sequential requests (one at a time): latency without queueing. */
export async function sequential(port: number, path: string, body: string, count: number): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const latencies: number[] = [];
  let errors = 0;
  const started = Date.now();
  for (let i = 0; i < count; i += 1) {
    const { ms, ok } = await once(agent, port, path, body);
    if (ok) latencies.push(ms);
    else errors += 1;
  }
  agent.destroy();
  return result(latencies, errors, started);
}
