import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { testEnv, TEST_SECRETS } from './env';

/** A port free right now (the OS picks it; tests must never use fixed ports). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface ServerProcess {
  readonly url: string;
  readonly metricsUrl: string;
  readonly child: ChildProcess;
  /** Every line the process printed so far (JSON log lines and anything else). */
  readonly output: () => string;
  /** Its JSON log lines. */
  readonly logLines: () => Record<string, unknown>[];
  stop(): Promise<void>;
}

/**
 * Runs `src/main.ts` as its own process (as production does, so OpenTelemetry hooks modules as
 * they load), against the run's database and Redis under a key prefix of its own.
 */
export async function startServerProcess(
  env: Record<string, string> = {},
  metricsPort?: number,
): Promise<ServerProcess> {
  const port = await freePort();
  metricsPort ??= await freePort();
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'src/main.ts'], {
    cwd: path.join(__dirname, '..', '..'),
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      METRICS_PORT: String(metricsPort),
      METRICS_HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      MIGRATE_ON_START: 'false',
      ...TEST_SECRETS,
      ...(testEnv.embedded
        ? {}
        : {
            DATABASE_URL: testEnv.databaseUrl!,
            REDIS_URL: testEnv.redisUrl!,
            REDIS_KEY_PREFIX: `inkwell:test:process:${port}:`,
          }),
      ...env,
    },
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const deadline = Date.now() + 30_000;
  const started = () => output.includes('is serving') && /metrics served at|metrics port unavailable/.test(output);
  while (!started() && Date.now() < deadline && child.exitCode === null) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (!started()) {
    child.kill('SIGKILL');
    throw new Error(`the server did not start:\n${output}`);
  }
  return {
    url: `http://127.0.0.1:${port}`,
    metricsUrl: `http://127.0.0.1:${metricsPort}`,
    child,
    output: () => output,
    logLines: () =>
      output
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    async stop() {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
