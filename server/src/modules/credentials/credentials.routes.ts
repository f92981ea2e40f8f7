import { Router, type Request } from 'express';
import type { Config } from '../../platform/config';
import { AppError } from '../../platform/errors/app-error';
import type { ApiDocument } from '../../platform/http/api-document';
import { sendData } from '../../platform/http/envelope';
import type { RateLimiter } from '../../platform/rate-limit/rate-limiter';
import { parseInput } from '../../platform/validation/parse-input';
import { authLimits } from '../auth/auth.limits';
import { restUser } from '../auth/auth.mappers';
import { bearerToken, restLimit } from '../auth/auth.routes';
import type { AuthService } from '../auth/auth.service';
import { credentialsOperations as operations } from './credentials.operations';
import type { CredentialsService } from './credentials.service';

const body = (req: Request): Record<string, unknown> =>
  req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : {};

const requester = (req: Request) => ({ ip: req.ip ?? 'unknown' });

/**
 * REST door of credentials (/api/v1/auth/…): parse (with the bodies the OpenAPI document
 * publishes), call CredentialsService, map. Same service as GraphQL.
 */
export function credentialsRoutes(
  credentials: CredentialsService,
  auth: AuthService,
  deps: { rateLimiter: RateLimiter; config: Config; api: ApiDocument },
): Router {
  const router = Router();
  const { api } = deps;

  api.add(operations.register);
  router.post('/register', restLimit(deps.rateLimiter, deps.config, authLimits.register), async (req, res) => {
    const input = parseInput(operations.register.body, body(req));
    const user = await credentials.register({
      email: input.email,
      password: input.password,
      displayName: input.display_name,
    });
    sendData(res, { user: restUser(user, true) }, { status: 201 });
  });

  api.add(operations.forgot);
  router.post('/password/forgot', async (req, res) => {
    await credentials.requestPasswordReset(parseInput(operations.forgot.body, body(req)), requester(req));
    sendData(res, { accepted: true }, { status: 202 });
  });

  api.add(operations.reset);
  router.post('/password/reset', async (req, res) => {
    const { token, password } = parseInput(operations.reset.body, body(req));
    const revoked = await credentials.resetPassword({ token, newPassword: password }, requester(req));
    sendData(res, { revoked_sessions: revoked });
  });

  api.add(operations.verifyEmail);
  router.post('/email/verify', async (req, res) => {
    const user = await credentials.verifyEmail(parseInput(operations.verifyEmail.body, body(req)), requester(req));
    sendData(res, { user: { ...restUser(user, true), email_verified: true } });
  });

  api.add(operations.resendVerification);
  router.post('/email/verify/resend', async (req, res) => {
    const accessToken = bearerToken(req);
    if (!accessToken) throw new AppError('UNAUTHENTICATED', 'Sign in to do this.');
    const viewer = await auth.authenticate(accessToken);
    req.context!.userId = viewer.userId;
    await credentials.resendVerificationEmail(viewer.userId, requester(req));
    sendData(res, { accepted: true }, { status: 202 });
  });

  return router;
}
