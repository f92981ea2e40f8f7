import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';

export const SERVER_DIR = path.join(__dirname, '..', '..');

export interface MainProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** The exit code, once the process has exited. */
  readonly exited: Promise<number | null>;
  /** Resolves with the port main.ts reports it bound, or rejects when it exits first. */
  readonly listening: Promise<number>;
}

/**
 * Runs src/main.ts as its own process with exactly `env` (plus PATH). With PORT=0 the OS picks
 * a free port and the "is serving" log line says which: no test guesses a free port.
 */
export function spawnMain(env: Record<string, string>, timeoutMs = 30_000): MainProcess {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'src/main.ts'], {
    cwd: SERVER_DIR,
    env: { PATH: process.env.PATH ?? '', PORT: '0', ...env },
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const listening = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`main did not listen within ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      for (const line of output.split('\n')) {
        if (!line.includes('is serving')) continue;
        const port = (JSON.parse(line) as { port?: unknown }).port;
        if (typeof port === 'number' && port > 0) {
          clearTimeout(timer);
          resolve(port);
        }
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`main exited ${code} before listening:\n${output}`));
    });
  });
  listening.catch(() => undefined);
  return { child, output: () => output, exited, listening };
}
