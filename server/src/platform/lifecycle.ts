import type { Server } from 'node:http';
import type { Logger } from 'pino';

/**
 * Stops accepting connections, lets in-flight requests finish (up to `timeoutMs`, then cuts
 * the stragglers), then runs the cleanups in order. Resolves when everything is closed.
 */
export async function drainAndClose(
  server: Server,
  cleanups: readonly (() => Promise<unknown>)[],
  { timeoutMs, logger }: { timeoutMs: number; logger: Logger },
): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  // Keep-alive sockets that become idle after their last response are closed too.
  const idleSweep = setInterval(() => server.closeIdleConnections(), 100);
  const deadline = setTimeout(() => {
    logger.warn({ timeout_ms: timeoutMs }, 'shutdown deadline reached; closing remaining connections');
    server.closeAllConnections();
  }, timeoutMs);
  await closed;
  clearInterval(idleSweep);
  clearTimeout(deadline);
  for (const cleanup of cleanups) {
    await cleanup().catch((error: unknown) => logger.warn({ err: error }, 'cleanup failed during shutdown'));
  }
}

/** Unexpected process-level failures: log once, then exit non-zero (a supervisor restarts us). */
export function installCrashHandlers(logger: Logger): void {
  let crashing = false;
  const crash = (kind: string) => (error: unknown) => {
    if (crashing) return;
    crashing = true;
    logger.fatal({ err: error }, kind);
    logger.flush?.();
    setTimeout(() => process.exit(1), 100).unref();
  };
  process.on('unhandledRejection', crash('unhandled promise rejection'));
  process.on('uncaughtException', crash('uncaught exception'));
}
