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

/** A turn's pending lines past this many characters go out at once (a long synchronous turn). */
const MAX_PENDING = 64 * 1024;

/**
 * A file descriptor (standard output) written once per turn of the event loop: the lines logged
 * in one turn (under load, the access lines of every request that finished in it) go out in one
 * write instead of one each, and no line waits past the turn it was logged in. The turn's lines
 * are gathered here and handed to pino's default destination (sonic-boom, synchronous, with no
 * buffer of its own), which writes them whole: it retries partial writes and a full pipe. What
 * is pending is written when the process exits, and a closed output drops lines, as pino does,
 * instead of failing. Nothing in sonic-boom or pino flushes at the end of a turn: sonic-boom's
 * buffering waits for a size, so a quiet server's lines would wait too, and its `flushSync`
 * also fsyncs the descriptor, which on a file is a disk flush per turn.
 */
export function turnBatchedDestination(fd: number): BatchedDestination {
  const boom = new SonicBoom({ fd, sync: true, minLength: 0 });
  let closed = false;
  const dropIfClosed = (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    closed = true;
  };
  boom.on('error', dropIfClosed);
  let pending = '';
  let scheduled = false;
  const writePending = () => {
    scheduled = false;
    const text = pending;
    pending = '';
    if (closed || text === '') return;
    try {
      boom.write(text);
    } catch (error) {
      dropIfClosed(error as NodeJS.ErrnoException);
    }
  };
  process.once('exit', writePending);
  return {
    write(line: string) {
      if (closed) return;
      pending += line;
      if (pending.length >= MAX_PENDING) writePending();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(writePending);
      }
    },
    flush(callback) {
      try {
        writePending();
      } catch (error) {
        callback?.(error as Error);
        return;
      }
      callback?.();
    },
  };
}
