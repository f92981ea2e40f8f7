import express, { Router, type Request } from 'express';
import { AppError } from '../../platform/errors/app-error';
import type { ApiDocument } from '../../platform/http/api-document';
import { sendData } from '../../platform/http/envelope';
import { analyticsOperations } from './analytics.operations';
import type { AnalyticsService } from './analytics.service';

/** navigator.sendBeacon sends a string as text/plain; JSON bodies are parsed by the app already. */
function beaconBody(req: Request): unknown {
  if (typeof req.body !== 'string') return req.body;
  try {
    return JSON.parse(req.body) as unknown;
  } catch {
    throw new AppError('BAD_USER_INPUT', 'The body must be JSON.');
  }
}

/** POST /api/v1/events/: the view beacon. 202 whether or not the view counted. */
export function analyticsRoutes(analytics: AnalyticsService, api: ApiDocument): Router {
  const router = Router();
  api.add(analyticsOperations.event);
  router.post('/', express.text({ type: 'text/plain', limit: '2kb' }), async (req, res) => {
    // The body's shape is published with the operation; the service checks it (once).
    await analytics.recordView(beaconBody(req), { ip: req.ip ?? 'unknown', userAgent: req.get('user-agent') });
    sendData(res, { accepted: true }, { status: 202 });
  });
  return router;
}
