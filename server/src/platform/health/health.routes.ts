import { Router } from 'express';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Cache } from '../cache/cache';
import { withTimeout } from '../db/database';
import { recordRouteOnError } from '../http/access-log';
import { sendData, sendError } from '../http/envelope';

/** A dependency check must answer well inside the 2 s operators and load balancers allow. */
const CHECK_TIMEOUT_MS = 1_500;

async function probe(name: string, check: () => Promise<unknown>) {
  const started = performance.now();
  try {
    await withTimeout(check(), CHECK_TIMEOUT_MS, name);
    return { ok: true as const, latency_ms: Math.round(performance.now() - started) };
  } catch (error) {
    return { ok: false as const, latency_ms: Math.round(performance.now() - started), error };
  }
}

export function healthRoutes({ db, cache, logger }: { db: Knex; cache: Cache; logger: Logger }): Router {
  const router = Router();
  const startedAt = Date.now();

  router.get('/', (_req, res) => {
    sendData(res, { status: 'ok', latency_ms: 0, uptime_s: Math.round((Date.now() - startedAt) / 1000) });
  });

  const dependency = (path: string, name: string, check: () => Promise<unknown>) =>
    router.get(path, async (_req, res) => {
      const result = await probe(name, check);
      if (result.ok) return sendData(res, { status: 'ok', latency_ms: result.latency_ms });
      logger.warn({ err: { message: (result.error as Error).message }, dependency: name }, 'health check failed');
      res.setHeader('Retry-After', '5');
      sendError(
        res,
        503,
        { code: 'SERVICE_UNAVAILABLE', message: `${name} is not answering.` },
        { latency_ms: result.latency_ms },
      );
    });

  dependency('/db', 'PostgreSQL', () => db.raw('select 1'));
  dependency('/cache', 'The cache', () => cache.ping());
  router.use(recordRouteOnError);
  return router;
}
