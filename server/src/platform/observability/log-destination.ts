import SonicBoom from 'sonic-boom';
import type { DestinationStream } from 'pino';

export interface BatchedDestination extends DestinationStream {
  /** Writes what is pending now (pino's `logger.flush()`: a crash about to exit). */
  flush(callback?: (error?: Error) => void): void;
}

let stdout: BatchedDestination | undefined;

/** Standard output as turnBatchedDestination writes it: one per process, shared by its loggers. */
export function turnBatchedStdout(): BatchedDestination {
  stdout ??= turnBatchedDestination(1);
  return stdout;
}

/**
 * A file descriptor (standard output) written once per turn of the event loop: the lines logged
 * in one turn (under load, the access lines of every request that finished in it) go out in one
 * write instead of one each, and no line waits past the turn it was logged in. The writes are
 * pino's default destination's (sonic-boom, synchronous, retrying a full pipe); what is pending is
 * written when the process exits, and a closed output drops lines, as pino does, instead of
 * failing. Nothing in sonic-boom or pino flushes at the end of a turn: sonic-boom's buffering waits
 * for a size, so a quiet server's lines would wait too.
 */
export function turnBatchedDestination(fd: number): BatchedDestination {
  // Below sonic-boom's largest single write (16 kB): a turn's lines past this size go at once.
  const boom = new SonicBoom({ fd, sync: true, minLength: 8 * 1024 });
  let closed = false;
  const dropIfClosed = (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    closed = true;
  };
  boom.on('error', dropIfClosed);
  let scheduled = false;
  const flushSync = () => {
    scheduled = false;
    if (closed) return;
    try {
      boom.flushSync();
    } catch (error) {
      dropIfClosed(error as NodeJS.ErrnoException);
    }
  };
  process.once('exit', flushSync);
  return {
    write(line: string) {
      if (closed) return;
      boom.write(line);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flushSync);
      }
    },
    flush(callback) {
      try {
        flushSync();
      } catch (error) {
        callback?.(error as Error);
        return;
      }
      callback?.();
    },
  };
}
