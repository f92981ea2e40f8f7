import { Router } from 'express';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { SharedStore } from '../shared-store/shared-store';
import { withTimeout } from '../db/database';
import { z } from 'zod';
import type { ApiDocument, RestOperation } from '../http/api-document';
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

const ok = z.strictObject({
  status: z.literal('ok'),
  latency_ms: z.int().meta({ description: 'How long the check took.' }),
});

const dependencyOperation = (operationId: string, path: string, what: string): RestOperation => ({
  operationId,
  method: 'get',
  path,
  tag: 'health',
  summary: `Whether ${what} answers (within 2 s)`,
  success: { description: 'It answered.', data: ok },
  errors: ['SERVICE_UNAVAILABLE'],
});

export const healthOperations = {
  live: {
    operationId: 'health',
    method: 'get',
    path: '/health/',
    tag: 'health',
    summary: 'Whether the process serves requests',
    success: {
      description: 'It does.',
      data: ok.extend({ uptime_s: z.int().meta({ description: 'Seconds since the process started.' }) }),
    },
  },
  db: dependencyOperation('healthDb', '/health/db/', 'PostgreSQL'),
  cache: dependencyOperation(
    'healthCache',
    '/health/cache/',
    'the shared store (Redis: revocations, rate limits, cached answers)',
  ),
} satisfies Record<string, RestOperation>;

export function healthRoutes(
  { db, store, logger }: { db: Knex; store: SharedStore; logger: Logger },
  api: ApiDocument,
): Router {
  const router = Router();
  const startedAt = Date.now();

  api.add(healthOperations.live);
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

  api.add(healthOperations.db);
  dependency('/db', 'PostgreSQL', () => db.raw('select 1'));
  api.add(healthOperations.cache);
  // The path keeps its contract name (/health/cache/); what it checks is the shared store.
  dependency('/cache', 'The shared store', () => store.ping());
  return router;
}
