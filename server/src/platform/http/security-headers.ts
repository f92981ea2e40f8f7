import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * The app's baseline: the CSP is left to the edge (nginx), which knows what the static client and
 * the Apollo Sandbox page each need; HSTS is the edge's too (it terminates TLS).
 */
export const BASELINE_SECURITY: HelmetOptions = {
  contentSecurityPolicy: false,
  crossOriginEmbedderPolicy: false,
  strictTransportSecurity: false,
};

/**
 * helmet's baseline security headers, worked out once by helmet itself and then set on every
 * response by one middleware. helmet runs a middleware per header on every request (eleven
 * calls for eight headers); with a policy that depends on nothing in the request (no CSP nonce,
 * which is the edge's job here: the app sets no CSP), every response gets the same headers.
 * Refuses options whose headers could depend on the request (a content security policy).
 */
export function securityHeaders(options: HelmetOptions): RequestHandler {
  const { headers, removed } = securityHeaderList(options);
  return (_req, res, next) => {
    for (const name of removed) res.removeHeader(name);
    for (const [name, value] of headers) res.setHeader(name, value);
    next();
  };
}

/** The headers helmet sets for `options` (and the ones it removes), worked out once. */
export function securityHeaderList(options: HelmetOptions): { headers: [string, string][]; removed: string[] } {
  if (options.contentSecurityPolicy !== false) {
    throw new Error('securityHeaders: a content security policy may depend on the request; use helmet itself');
  }
  const headers: [string, string][] = [];
  const removed: string[] = [];
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers.push([name, String(value)]);
      return recorder;
    },
    removeHeader(name: string) {
      removed.push(name);
    },
  };
  let done = false;
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, () => {
    done = true;
  });
  if (!done || headers.length === 0) throw new Error('securityHeaders: helmet did not set its headers synchronously');
  return { headers, removed };
}
