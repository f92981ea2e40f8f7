import http from 'node:http';
import net from 'node:net';

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

const CRLF2 = Buffer.from('\r\n\r\n');

/**
 * One keep-alive HTTP/1.1 connection that sends the same prepared bytes over and over and reads
 * just enough of each response to know its status and where it ends (Content-Length or chunked):
 * what wrk does. node's http client costs the load generator more CPU per request than a
 * response-cache hit costs the server, and on a 2-core machine the generator shares the cores
 * with the server it measures: a cheap generator leaves the servers the CPU they compete for.
 */
class PreparedConnection {
  private socket: net.Socket | null = null;
  private buffer: Buffer = Buffer.alloc(0);
  private pending: ((status: number) => void) | null = null;

  constructor(
    private readonly port: number,
    private readonly bytes: Buffer,
  ) {}

  /** Sends the request once; resolves with the response's status (0: the connection failed). */
  send(): Promise<number> {
    return new Promise((resolve) => {
      this.pending = resolve;
      this.connection().write(this.bytes);
    });
  }

  close() {
    this.socket?.destroy();
    this.socket = null;
  }

  private connection(): net.Socket {
    if (this.socket) return this.socket;
    const socket = net.connect({ port: this.port, host: '127.0.0.1', noDelay: true });
    this.socket = socket;
    this.buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    const fail = () => {
      if (this.socket === socket) this.socket = null;
      this.finish(0);
    };
    socket.on('error', fail);
    socket.on('close', fail);
    return socket;
  }

  private finish(status: number) {
    const pending = this.pending;
    this.pending = null;
    pending?.(status);
  }

  private onData(chunk: Buffer) {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const end = responseEnd(this.buffer);
    if (end < 0) return;
    const status = Number(this.buffer.toString('latin1', 9, 12));
    this.buffer = this.buffer.subarray(end);
    this.finish(status);
  }
}

/** Where the first complete response in `buffer` ends, or -1 while it is incomplete. */
function responseEnd(buffer: Buffer): number {
  const headerEnd = buffer.indexOf(CRLF2);
  if (headerEnd < 0) return -1;
  const head = buffer.toString('latin1', 0, headerEnd).toLowerCase();
  const length = /\r\ncontent-length:\s*(\d+)/.exec(head);
  if (length) {
    const end = headerEnd + 4 + Number(length[1]);
    return buffer.length >= end ? end : -1;
  }
  if (!/\r\ntransfer-encoding:[^\r]*chunked/.test(head)) return headerEnd + 4; // no body (204, 304)
  // Chunked: size line, data, CRLF; a zero-size chunk (and its CRLF) ends the body.
  let at = headerEnd + 4;
  for (;;) {
    const lineEnd = buffer.indexOf('\r\n', at, 'latin1');
    if (lineEnd < 0) return -1;
    const size = parseInt(buffer.toString('latin1', at, lineEnd), 16);
    if (size === 0) {
      const trailerEnd = buffer.indexOf(CRLF2, lineEnd);
      return trailerEnd < 0 ? -1 : trailerEnd + 4;
    }
    at = lineEnd + 2 + size + 2;
    if (at > buffer.length) return -1;
  }
}

/**
 * Closed-loop load of one request shape from `connections` clients, each on its own keep-alive
 * connection sending the same prepared JSON POST (PreparedConnection).
 */
export async function load(
  port: number,
  path: string,
  body: string,
  options: { connections: number; durationMs: number; headers?: Record<string, string> },
): Promise<LoadResult> {
  const headers = { 'content-type': 'application/json', ...options.headers };
  const head = [
    `POST ${path} HTTP/1.1`,
    `host: 127.0.0.1:${port}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    `content-length: ${Buffer.byteLength(body)}`,
  ].join('\r\n');
  const bytes = Buffer.from(`${head}\r\n\r\n${body}`);
  const latencies: number[] = [];
  let errors = 0;
  const started = Date.now();
  const deadline = started + options.durationMs;
  await Promise.all(
    Array.from({ length: options.connections }, async () => {
      const connection = new PreparedConnection(port, bytes);
      try {
        while (Date.now() < deadline) {
          const sent = process.hrtime.bigint();
          const status = await connection.send();
          if (status === 200) latencies.push(Number(process.hrtime.bigint() - sent) / 1e6);
          else errors += 1;
        }
      } finally {
        connection.close();
      }
    }),
  );
  return result(latencies, errors, started);
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
