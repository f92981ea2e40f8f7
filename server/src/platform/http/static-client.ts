import fs from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';
import { notFoundHandler } from './error-handler';

/**
 * Serves the built web client when it exists (`npm start`): hashed assets cached for a year,
 * index.html never cached, and an SPA fallback for GET navigations outside /api and /health.
 */
export function staticClient(distDir: string): Router | null {
  const indexFile = path.join(distDir, 'index.html');
  if (!fs.existsSync(indexFile)) return null;
  const router = Router();
  router.use('/assets', express.static(path.join(distDir, 'assets'), { immutable: true, maxAge: '1y', index: false }));
  // A hashed asset that is not here (a tab still running an older build) is a 404, not the HTML
  // shell with 200, which the browser would fail to run as a script or a stylesheet.
  router.use('/assets', notFoundHandler);
  router.use(express.static(distDir, { index: false, maxAge: 0 }));
  router.get(/^\/(?!api\/|api$|health\/|health$|graphql).*/, (req, res, next) => {
    if (!req.accepts('html')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(indexFile);
  });
  return router;
}
