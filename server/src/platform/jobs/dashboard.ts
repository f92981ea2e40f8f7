import http from 'node:http';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import express from 'express';
import type { Queue } from 'bullmq';

export const DASHBOARD_PATH = '/queues';

/**
 * Bull Board (the maintained dashboard for BullMQ): queues, failed jobs, retry. It is served
 * by the worker on its own internal port (JOBS_DASHBOARD_PORT), never on the public one: the
 * edge does not route to it, so reaching it takes access to the internal network (operators).
 */
export function createDashboard(queues: readonly Queue[]): http.Server {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(DASHBOARD_PATH);
  createBullBoard({ queues: queues.map((queue) => new BullMQAdapter(queue)), serverAdapter });
  const app = express();
  app.disable('x-powered-by');
  app.use(DASHBOARD_PATH, serverAdapter.getRouter() as express.Router);
  app.get('/', (_req, res) => res.redirect(DASHBOARD_PATH));
  return http.createServer(app);
}
