import cookieParser from 'cookie-parser';
import type { CookieOptions, Request, Response } from 'express';
import type { Config } from '../../platform/config';
import { AppError } from '../../platform/errors/app-error';

export const REFRESH_COOKIE = 'inkwell_refresh';
/**
 * Not a secret and readable by scripts: "this browser holds a refresh cookie". The web client
 * asks for a cookie refresh on page load only when it is present, so anonymous page loads cost
 * nothing (and count against no limit). Set and cleared with the refresh cookie.
 */
export const SIGNED_IN_HINT_COOKIE = 'inkwell_signed_in';
/** The device cookie (LoginThrottle): sent to both doors' sign-in (REST and GraphQL). */
export const DEVICE_COOKIE = 'inkwell_device';
const COOKIE_PATH = '/api/v1/auth';
const DEVICE_COOKIE_PATH = '/api/v1';
const DEVICE_COOKIE_MAX_AGE_MS = 365 * 24 * 3600 * 1000;
const parseCookies = cookieParser();
const LOCALHOST = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/**
 * The contract's cookie: HttpOnly; Secure; SameSite=Strict; Path=/api/v1/auth. Secure is dropped
 * only for plain-http localhost outside production, so `npm start` works in a browser.
 */
function cookieOptions(
  config: Config,
  req: Request,
  maxAgeMs?: number,
  overrides: Partial<CookieOptions> = {},
): CookieOptions {
  const insecureLocal = !config.isProduction && !req.secure && LOCALHOST.has(req.hostname);
  return {
    httpOnly: true,
    secure: !insecureLocal,
    sameSite: 'strict',
    path: COOKIE_PATH,
    ...(maxAgeMs !== undefined && { maxAge: maxAgeMs }),
    ...overrides,
  };
}

const HINT: Partial<CookieOptions> = { httpOnly: false, path: '/' };

export function setRefreshCookie(config: Config, req: Request, res: Response, token: string, expiresAt: Date) {
  const maxAge = Math.max(0, expiresAt.getTime() - Date.now());
  res.cookie(REFRESH_COOKIE, token, cookieOptions(config, req, maxAge));
  res.cookie(SIGNED_IN_HINT_COOKIE, '1', cookieOptions(config, req, maxAge, HINT));
}

export function clearRefreshCookie(config: Config, req: Request, res: Response) {
  res.clearCookie(REFRESH_COOKIE, cookieOptions(config, req));
  res.clearCookie(SIGNED_IN_HINT_COOKIE, cookieOptions(config, req, undefined, HINT));
}

export function setDeviceCookie(config: Config, req: Request, res: Response, value: string) {
  res.cookie(DEVICE_COOKIE, value, cookieOptions(config, req, DEVICE_COOKIE_MAX_AGE_MS, { path: DEVICE_COOKIE_PATH }));
}

/** One cookie of the request; cookies are parsed on demand (GraphQL does not parse them per request). */
export function readCookie(req: Request, name: string): string | undefined {
  if (!req.cookies) parseCookies(req, {} as Response, () => undefined);
  const value = (req.cookies as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : undefined;
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
  const token = readCookie(req, REFRESH_COOKIE);
  if (!token) return undefined;
  const origin = req.headers.origin;
  if (!req.headers['x-requested-with'] || (origin !== undefined && !sameOrigin(origin, req, config))) {
    throw new AppError('CSRF_REJECTED', 'Cross-site request refused: send X-Requested-With from an allowed origin.');
  }
  return token;
}
