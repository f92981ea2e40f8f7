import { Router, type Request, type RequestHandler } from 'express';
import type { Config } from '../../platform/config';
import type { RateLimiter } from '../../platform/rate-limit/rate-limiter';
import { authLimits, loginSubject, restLimit } from './auth.limits';
import { sendData } from '../../platform/http/envelope';
import { restTokens, restUser } from './auth.mappers';
import type { AuthService, ClientMeta } from './auth.service';
import { clearRefreshCookie, refreshTokenFromCookie, setRefreshCookie } from './refresh-cookie';

export const clientMeta = (req: Request): ClientMeta => ({
  ip: req.ip ?? req.socket.remoteAddress ?? 'unknown',
  userAgent: req.get('user-agent'),
});

export const bearerToken = (req: Request): string | undefined => {
  const header = req.get('authorization');
  const match = header ? /^Bearer ([^\s]+)$/i.exec(header) : null;
  return match?.[1];
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

/** REST door of auth (/api/v1/auth): parse, call the service, map. Same service as GraphQL. */
export function authRoutes(auth: AuthService, rateLimiter: RateLimiter, config: Config): Router {
  const router = Router();
  const limit = (rule: Parameters<typeof restLimit>[2], subject?: (req: Request) => string) =>
    restLimit(rateLimiter, config, rule, subject);

  router.post('/register', limit(authLimits.register), async (req, res) => {
    const { email, password, display_name: displayName } = body(req);
    const user = await auth.register({ email, password, displayName });
    sendData(res, { user: restUser(user, true) }, { status: 201 });
  });

  router.post(
    '/token',
    limit(authLimits.login, (req) => loginSubject(body(req).email)),
    async (req, res) => {
      const issued = await auth.login(body(req), clientMeta(req));
      req.context!.userId = issued.user.id;
      setRefreshCookie(config, req, res, issued.refreshToken, issued.session.expiresAt);
      sendData(res, restTokens(issued));
    },
  );

  router.post('/refresh', limit(authLimits.refresh), async (req, res) => {
    const fromBody = body(req).refresh;
    const refreshToken = fromBody !== undefined ? fromBody : refreshTokenFromCookie(config, req);
    const issued = await auth.refresh({ refreshToken }, clientMeta(req));
    req.context!.userId = issued.user.id;
    setRefreshCookie(config, req, res, issued.refreshToken, issued.session.expiresAt);
    const { user: _user, ...rotated } = restTokens(issued);
    sendData(res, rotated);
  });

  router.get('/jwks.json', jwksHandler(auth));

  router.post('/logout', async (req, res) => {
    const { refresh, scope } = body(req);
    const accessToken = bearerToken(req);
    const refreshToken =
      typeof refresh === 'string' ? refresh : accessToken ? undefined : refreshTokenFromCookie(config, req);
    const revoked = await auth.logout({ accessToken, refreshToken }, { scope });
    clearRefreshCookie(config, req, res);
    sendData(res, { revoked_sessions: revoked });
  });

  return router;
}
