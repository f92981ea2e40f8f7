import { Router, type Request, type RequestHandler } from 'express';
import type { Config } from '../../platform/config';
import { AppError, isAppError } from '../../platform/errors/app-error';
import type { RateLimiter, RateRule } from '../../platform/rate-limit/rate-limiter';
import { authLimits, loginSubject } from './auth.limits';
import type { ApiDocument } from '../../platform/http/api-document';
import { sendData } from '../../platform/http/envelope';
import { parseInput } from '../../platform/validation/parse-input';
import { authOperations } from './auth.operations';
import { restTokens, restUser } from './auth.mappers';
import type { AuthService, ClientMeta } from './auth.service';
import {
  clearRefreshCookie,
  DEVICE_COOKIE,
  readCookie,
  refreshTokenFromCookie,
  setDeviceCookie,
  setRefreshCookie,
} from './refresh-cookie';

export const clientMeta = (req: Request): ClientMeta => ({
  ip: req.ip ?? req.socket.remoteAddress ?? 'unknown',
  userAgent: req.get('user-agent'),
  deviceCookie: readCookie(req, DEVICE_COOKIE),
});

/**
 * The Bearer token, undefined when no Authorization header was sent. A header in any other
 * shape (no scheme, another scheme, two tokens) is an error, not an anonymous request.
 */
export const bearerToken = (req: Request): string | undefined => {
  const header = req.get('authorization');
  if (header === undefined) return undefined;
  const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i.exec(header.trim());
  if (!match) throw new AppError('UNAUTHENTICATED', 'Send the access token as "Authorization: Bearer <token>".');
  return match[1];
};

const body = (req: Request): Record<string, unknown> =>
  req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : {};

/** Public keys of the access-token signer, for third parties verifying tokens themselves. */
export const jwksHandler =
  (auth: AuthService): RequestHandler =>
  (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.json(auth.jwks());
  };

/** A rate limit in front of a REST route, with the same buckets as the GraphQL door's @RateLimited. */
export function restLimit(
  rateLimiter: RateLimiter,
  config: Config,
  rule: (config: Config) => RateRule,
  subject: (req: Request) => string = () => '',
): RequestHandler {
  return async (req, _res, next) => {
    await rateLimiter.consume(rule(config), { ip: req.ip ?? 'unknown', subject: subject(req) });
    next();
  };
}

/** REST door of the session lifecycle (/api/v1/auth): parse, call the service, map. Same service as GraphQL. */
export function authRoutes(auth: AuthService, rateLimiter: RateLimiter, config: Config, api: ApiDocument): Router {
  const router = Router();
  const limit = (rule: Parameters<typeof restLimit>[2], subject?: (req: Request) => string) =>
    restLimit(rateLimiter, config, rule, subject);

  api.add(authOperations.token);
  router.post(
    '/token',
    limit(authLimits.loginAddress),
    limit(authLimits.login, (req) => loginSubject(body(req).email)),
    async (req, res) => {
      const issued = await auth.login(parseInput(authOperations.token.body, body(req)), clientMeta(req));
      req.context!.userId = issued.session.userId;
      setRefreshCookie(config, req, res, issued.refreshToken, issued.session.expiresAt);
      if (issued.deviceCookie) setDeviceCookie(config, req, res, issued.deviceCookie);
      sendData(res, { ...restTokens(issued), user: issued.user && restUser(issued.user, true) });
    },
  );

  api.add(authOperations.refresh);
  router.post('/refresh', async (req, res) => {
    const fromBody = parseInput(authOperations.refresh.body, body(req)).refresh;
    const refreshToken = fromBody !== undefined ? fromBody : refreshTokenFromCookie(config, req);
    // No token at all (a browser that is not signed in): nothing to refresh, not an error, and
    // counted against nobody. The web client does not even ask without its hint cookie.
    if (refreshToken === undefined) {
      clearRefreshCookie(config, req, res);
      sendData(res, null);
      return;
    }
    let issued: Awaited<ReturnType<AuthService['refresh']>>;
    try {
      issued = await auth.refresh({ refreshToken }, clientMeta(req));
    } catch (error) {
      // A cookie that can never work again (revoked, reused, expired, forged) goes, with its
      // hint, so the next page load does not ask again. A limit or an outage keeps it.
      if (fromBody === undefined && isAppError(error) && error.status === 401) clearRefreshCookie(config, req, res);
      throw error;
    }
    req.context!.userId = issued.session.userId;
    setRefreshCookie(config, req, res, issued.refreshToken, issued.session.expiresAt);
    sendData(res, restTokens(issued));
  });

  api.add(authOperations.jwks);
  router.get('/jwks.json', jwksHandler(auth));

  api.add(authOperations.logout);
  router.post('/logout', async (req, res) => {
    const { refresh, scope } = parseInput(authOperations.logout.body, body(req));
    const accessToken = bearerToken(req);
    const refreshToken = refresh ?? refreshTokenFromCookie(config, req);
    // Whatever the outcome, this browser asked to leave: its cookie goes (set before any answer).
    clearRefreshCookie(config, req, res);
    const revoked = await auth.logout({ accessToken, refreshToken }, { scope });
    sendData(res, { revoked_sessions: revoked });
  });

  return router;
}
