import type { CookieOptions, Request, Response } from 'express';
import type { Config } from '../../platform/config';
import { AppError } from '../../platform/errors/app-error';

export const REFRESH_COOKIE = 'inkwell_refresh';
const COOKIE_PATH = '/api/v1/auth';
const LOCALHOST = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/**
 * The contract's cookie: HttpOnly; Secure; SameSite=Strict; Path=/api/v1/auth. Secure is dropped
 * only for plain-http localhost outside production, so `npm start` works in a browser.
 */
function cookieOptions(config: Config, req: Request, maxAgeMs?: number): CookieOptions {
  const insecureLocal = !config.isProduction && !req.secure && LOCALHOST.has(req.hostname);
  return {
    httpOnly: true,
    secure: !insecureLocal,
    sameSite: 'strict',
    path: COOKIE_PATH,
    ...(maxAgeMs !== undefined && { maxAge: maxAgeMs }),
  };
}

export function setRefreshCookie(config: Config, req: Request, res: Response, token: string, expiresAt: Date) {
  res.cookie(REFRESH_COOKIE, token, cookieOptions(config, req, Math.max(0, expiresAt.getTime() - Date.now())));
}

export function clearRefreshCookie(config: Config, req: Request, res: Response) {
  res.clearCookie(REFRESH_COOKIE, cookieOptions(config, req));
}

function sameOrigin(origin: string, req: Request, config: Config): boolean {
  if (config.http.corsOrigins.includes(origin)) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/**
 * A call authenticated by the cookie must prove it came from our own pages: browsers send the
 * cookie cross-site only in ways that cannot set custom headers, so X-Requested-With plus an
 * Origin (when sent) that is ours or an allowed CORS origin is required. 403 CSRF_REJECTED.
 */
export function refreshTokenFromCookie(config: Config, req: Request): string | undefined {
  const token = (req.cookies as Record<string, string> | undefined)?.[REFRESH_COOKIE];
  if (!token) return undefined;
  const origin = req.headers.origin;
  if (!req.headers['x-requested-with'] || (origin !== undefined && !sameOrigin(origin, req, config))) {
    throw new AppError('CSRF_REJECTED', 'Cross-site request refused: send X-Requested-With from an allowed origin.');
  }
  return token;
}
