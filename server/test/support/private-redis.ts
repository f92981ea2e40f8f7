import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import Redis from 'ioredis';

/** A port the OS just handed out and nobody holds now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface PrivateRedis {
  readonly url: string;
  /** FLUSHALL on this server only. */
  flushAll(): Promise<void>;
  /** Kills the server and starts an empty one on the same port (no persistence). */
  restartEmpty(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A redis-server of the test's own, without persistence, for tests that must lose Redis's data.
 * Never the shared one: FLUSHALL and restarts there would break everyone else's tests.
 */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  let child: ChildProcess;

  async function launch() {
    child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning'],
      { stdio: 'ignore' },
    );
    // Ready when it answers PING.
    const probe = new Redis(port, '127.0.0.1', { lazyConnect: true, retryStrategy: () => 50, maxRetriesPerRequest: 0 });
    for (let attempt = 0; attempt < 100; attempt += 1) {
      try {
        await probe.connect().catch(() => undefined);
        await probe.ping();
        break;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    probe.disconnect();
  }

  async function kill() {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    async flushAll() {
      const client = new Redis(port, '127.0.0.1');
      await client.flushall();
      await client.quit();
    },
    async restartEmpty() {
      await kill();
      await launch();
    },
    stop: kill,
  };
}

/** Waits until an ioredis client has reconnected (after restartEmpty). */
export async function whenReady(client: Redis): Promise<void> {
  for (let attempt = 0; attempt < 200 && client.status !== 'ready'; attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  if (client.status !== 'ready') throw new Error(`redis client is ${client.status}`);
}
