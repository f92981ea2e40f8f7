import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';
import { createLogger } from '../../src/platform/observability/logger';
import { turnBatchedDestination } from '../../src/platform/observability/log-destination';

describe('the log destination', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'inkwell-log-'));
  });
  afterEach(() => {
    jest.restoreAllMocks();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A logger writing to a new file through the destination; the file is closed after `run`. */
  async function withLogFile(run: (logger: Logger, fd: number, read: () => string) => unknown): Promise<void> {
    const file = path.join(dir, 'out.log');
    const fd = fs.openSync(file, 'a');
    try {
      await run(createLogger('info', turnBatchedDestination(fd)), fd, () => fs.readFileSync(file, 'utf8'));
    } finally {
      fs.closeSync(fd);
    }
  }

  it('writes the lines of one event-loop turn in one write when the turn ends', () =>
    withLogFile(async (logger, fd, read) => {
      const writes = jest.spyOn(fs, 'writeSync');
      const syncs = jest.spyOn(fs, 'fsyncSync');
      logger.info({ n: 1 }, 'one');
      logger.info({ n: 2 }, 'two');
      logger.warn({ n: 3 }, 'three');
      // Nothing yet: the turn is not over.
      expect(read()).toBe('');
      await new Promise((resolve) => setImmediate(resolve));
      const lines = read()
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { msg: string });
      expect(lines.map((line) => line.msg)).toEqual(['one', 'two', 'three']);
      expect(writes.mock.calls.filter(([target]) => target === fd)).toHaveLength(1);
      // The next turn's line is its own write.
      logger.info('four');
      await new Promise((resolve) => setImmediate(resolve));
      expect(read().trim().split('\n')).toHaveLength(4);
      // A write, not a disk flush: on a file, an fsync per turn would cost every request a flush.
      expect(syncs).not.toHaveBeenCalled();
    }));

  it('writes a long turn out before it ends, once its lines pass 64 kB', () =>
    withLogFile((logger, _fd, read) => {
      const text = 'x'.repeat(1_000);
      for (let n = 0; n < 100; n += 1) logger.info({ n, text }, 'long turn');
      const written = read().trim().split('\n');
      expect(written.length).toBeGreaterThanOrEqual(60);
      expect(written.length).toBeLessThan(100);
      expect(written.map((line) => (JSON.parse(line) as { n: number }).n)).toEqual(
        Array.from({ length: written.length }, (_, n) => n),
      );
      // The rest when asked (before the descriptor closes: a later write would reach its next owner).
      logger.flush();
      expect(read().trim().split('\n')).toHaveLength(100);
    }));

  it('writes at once what flush asks for (a crash about to exit)', () =>
    withLogFile((logger, _fd, read) => {
      logger.fatal('crashing');
      logger.flush();
      expect(JSON.parse(read()) as { msg: string }).toMatchObject({ msg: 'crashing' });
    }));

  it('writes what is pending when the process exits, and keeps running when its output is closed', async () => {
    const script = `
      const { createLogger } = require('./src/platform/observability/logger');
      const logger = createLogger('info');
      if (process.argv[1] === 'exit') { logger.info('last words'); process.exit(0); }
      // 'busy': 200 lines a turn; 'quiet': one (a turn's lines then go out only at its end).
      const perTurn = process.argv[1] === 'quiet' ? 1 : 200;
      let n = 0;
      const turn = () => {
        for (let i = 0; i < perTurn; i += 1) logger.info({ n: (n += 1) }, 'line');
        if (n < 100 * perTurn) setImmediate(turn); else process.stderr.write('done');
      };
      turn();`;
    // `closeOutput`: the reader goes at once, or after its first chunk (as `| head -1` does).
    const run = (mode: string, closeOutput: 'no' | 'at once' | 'after a chunk') =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, ['-r', '@swc-node/register', '-e', script, mode], {
          cwd: path.join(__dirname, '../..'),
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let [stdout, stderr] = ['', ''];
        if (closeOutput === 'at once') child.stdout.destroy();
        else if (closeOutput === 'after a chunk') child.stdout.once('data', () => child.stdout.destroy());
        else child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        // A child that hangs (an unhandled write error) fails the test instead of outliving it.
        const deadline = setTimeout(() => child.kill('SIGKILL'), 20_000);
        child.on('close', (code) => {
          clearTimeout(deadline);
          resolve({ code, stdout, stderr });
        });
      });
    const exiting = await run('exit', 'no');
    expect(exiting.code).toBe(0);
    expect(JSON.parse(exiting.stdout) as { msg: string }).toMatchObject({ msg: 'last words' });
    for (const mode of ['busy', 'quiet']) {
      for (const close of ['at once', 'after a chunk'] as const) {
        const closed = await run(mode, close);
        expect([mode, close, closed.code, closed.stderr]).toEqual([mode, close, 0, 'done']);
      }
    }
  }, 60_000);
});
