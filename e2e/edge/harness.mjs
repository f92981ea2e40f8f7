// The edge stack for e2e/edge: a fresh PostgreSQL database, two API processes
// (server/dist/main.js) and Debian's nginx running the real docker/nginx config,
// rendered by docker/nginx/render.sh with the two processes as its upstreams.
// Only loopback addresses are used; every process is stopped in stop().

import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// ioredis is the server's own dependency, and scratch databases come from the server's helper
// (server/scripts/scratch-database.cjs): the suite adds none.
const requireFromServer = createRequire(join(ROOT, 'server', 'package.json'));
const { createScratchDatabase } = requireFromServer('./scripts/scratch-database.cjs');

const ADMIN_DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const BASE_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const REDIS_DB = process.env.EDGE_REDIS_DB ?? '5';

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The promise's value, or `fallback()` after ms; the timer never holds the process. */
function within(promise, ms, fallback) {
  let timer;
  const timeout = new Promise((resolve) => {
    timer = setTimeout(() => resolve(fallback()), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(what, probe, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await probe()) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** One API process: its port, its parsed JSON log lines, and a way to stop it. */
class Replica {
  constructor(name, port, env) {
    this.name = name;
    this.port = port;
    this.env = env;
    this.origin = `http://127.0.0.1:${port}`;
    this.logs = [];
    this.stderr = '';
    this.exit = null;
  }

  async start() {
    this.exit = null;
    const child = spawn(process.execPath, ['server/dist/main.js'], {
      cwd: ROOT,
      env: { ...process.env, ...this.env, PORT: String(this.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.exited = new Promise((resolve) =>
      child.on('exit', (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
      }),
    );
    let pending = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop();
      for (const line of lines) {
        try {
          this.logs.push(JSON.parse(line));
        } catch {
          this.logs.push({ raw: line });
        }
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk) => {
      this.stderr += chunk;
    });
    await waitFor(`${this.name} on port ${this.port}`, async () => {
      if (this.exit) {
        throw new Error(`${this.name} exited (${JSON.stringify(this.exit)}): ${this.stderr}`);
      }
      const res = await fetch(`${this.origin}/health/`);
      return res.status === 200;
    }).catch((error) => {
      throw new Error(`${error.message}\n${this.name} stderr: ${this.stderr}`);
    });
  }

  /** SIGTERM, then the exit status (the API drains and exits 0). */
  async terminate() {
    if (this.exit) return this.exit;
    this.child.kill('SIGTERM');
    return within(this.exited, 20_000, () => {
      this.child.kill('SIGKILL');
      return { code: null, signal: 'SIGKILL (timeout)' };
    });
  }
}

export async function startStack() {
  const id = randomBytes(4).toString('hex');
  const dir = mkdtempSync(join(tmpdir(), 'inkwell-edge-'));
  // nginx workers run as `nobody` when the suite runs as root: let them read.
  chmodSync(dir, 0o755);
  const stack = { id, dir, replicas: [], nginx: null, database: null };

  try {
    stack.database = await createScratchDatabase({ prefix: 'inkwell_edge', adminUrl: ADMIN_DATABASE_URL });
    const databaseUrl = stack.database.url;
    const redisUrl = new URL(BASE_REDIS_URL);
    redisUrl.pathname = `/${REDIS_DB}`;
    stack.redisUrl = redisUrl.toString();
    stack.redisPrefix = `inkwell-edge-${id}:`;

    const common = {
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      REDIS_URL: stack.redisUrl,
      REDIS_KEY_PREFIX: stack.redisPrefix,
      JWT_ACCESS_SECRET: randomBytes(20).toString('hex'),
      JWT_REFRESH_SECRET: randomBytes(20).toString('hex'),
      TRUST_PROXY: '1',
      LOG_LEVEL: 'info',
    };
    const [portA, portB] = [await freePort(), await freePort()];
    // Each replica's metrics on a port of its own, as each container has.
    const [metricsA, metricsB] = [await freePort(), await freePort()];
    // Traces go to a local OTLP receiver (nothing asserts on spans here; the API's log lines
    // carry the trace id, which shows the edge forwarded the caller's traceparent).
    stack.otlp = await startOtlpSink();
    common.OTEL_EXPORTER_OTLP_ENDPOINT = stack.otlp.url;
    // Replica A migrates the fresh database; B starts once the schema exists.
    const a = new Replica('replica A', portA, { ...common, METRICS_PORT: String(metricsA), MIGRATE_ON_START: 'true' });
    stack.replicas.push(a);
    await a.start();
    const b = new Replica('replica B', portB, { ...common, METRICS_PORT: String(metricsB), MIGRATE_ON_START: 'false' });
    stack.replicas.push(b);
    await b.start();

    stack.nginx = await startNginx(dir, [portA, portB]);
    return stack;
  } catch (error) {
    await stopStack(stack);
    throw error;
  }
}

async function startNginx(dir, upstreamPorts) {
  const prefix = join(dir, 'nginx');
  const html = join(prefix, 'html');
  mkdirSync(join(html, 'assets'), { recursive: true });
  writeFileSync(join(html, 'index.html'), '<!doctype html><title>Inkwell</title>\n');
  writeFileSync(join(html, 'assets', 'app-3f2a1b.js'), "console.log('inkwell');\n");
  const cert = join(prefix, 'cert.pem');
  const key = join(prefix, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'ignore' },
  );
  chmodSync(key, 0o644);

  const ports = { plain: await freePort(), http: await freePort(), https: await freePort() };
  const accessLog = join(prefix, 'access.log');
  const env = {
    ...process.env,
    NGINX_SERVER_NAME: 'localhost',
    NGINX_PLAIN_PORT: String(ports.plain),
    NGINX_HTTP_PORT: String(ports.http),
    NGINX_HTTPS_PORT: String(ports.https),
    NGINX_TLS_CERT: cert,
    NGINX_TLS_KEY: key,
    NGINX_UPSTREAM_SERVERS: upstreamPorts
      .map((port) => `server 127.0.0.1:${port} max_fails=1 fail_timeout=5s;`)
      .join(' '),
    NGINX_RESOLVER: '127.0.0.1',
    NGINX_STATIC_ROOT: html,
    NGINX_ACCESS_LOG: accessLog,
  };
  execFileSync('bash', [join(ROOT, 'docker/nginx/render.sh'), prefix, 'plain', 'tls'], {
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  execFileSync('chmod', ['-R', 'a+rX', prefix]);

  const child = spawn('nginx', ['-p', `${prefix}/`, '-c', join(prefix, 'nginx.conf'), '-g', 'daemon off;'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, PATH: `${process.env.PATH}:/usr/sbin` },
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const nginx = {
    child,
    exited,
    ports,
    cert,
    origin: `http://127.0.0.1:${ports.plain}`,
    accessLog,
    get stderr() {
      return stderr;
    },
  };
  await waitFor('nginx', async () => {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${stderr}`);
    return (await fetch(`${nginx.origin}/edge-health`)).ok;
  });
  return nginx;
}

/** An OTLP/HTTP endpoint that accepts and discards every export. */
async function startOtlpSink() {
  const server = createHttpServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end());
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${server.address().port}` };
}

/** nginx's JSON access log, one object per line. */
export function accessLogEntries(stack) {
  return readFileSync(stack.nginx.accessLog, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

export async function stopStack(stack) {
  if (stack.nginx && stack.nginx.child.exitCode === null) {
    stack.nginx.child.kill('SIGQUIT');
    await within(stack.nginx.exited, 5_000, () => stack.nginx.child.kill('SIGKILL'));
  }
  await Promise.all(stack.replicas.map((replica) => replica.terminate()));
  stack.otlp?.server.close();
  await stack.database
    ?.drop()
    .catch((error) => console.error(`could not drop ${stack.database.name}: ${error.message}`));
  if (stack.redisUrl) await deleteRedisKeys(stack.redisUrl, stack.redisPrefix);
  rmSync(stack.dir, { recursive: true, force: true });
}

async function deleteRedisKeys(url, prefix) {
  const Redis = requireFromServer('ioredis');
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } catch (error) {
    console.error(`could not clean redis keys ${prefix}*: ${error.message}`);
  } finally {
    redis.disconnect();
  }
}
