import { Router, type Request } from 'express';
import { AppError } from '../../platform/errors/app-error';
import { sendData } from '../../platform/http/envelope';
import { restUser } from '../auth/auth.mappers';
import { bearerToken } from '../auth/auth.routes';
import type { AuthService } from '../auth/auth.service';
import type { CredentialsService } from './credentials.service';

const body = (req: Request): Record<string, unknown> =>
  req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : {};

const requester = (req: Request) => ({ ip: req.ip ?? 'unknown' });

/** REST door of the mail flows (/api/v1/auth/…): parse, call CredentialsService, map. Same service as GraphQL. */
export function credentialsRoutes(credentials: CredentialsService, auth: AuthService): Router {
  const router = Router();

  router.post('/password/forgot', async (req, res) => {
    await credentials.requestPasswordReset({ email: body(req).email }, requester(req));
    sendData(res, { accepted: true }, { status: 202 });
  });

  router.post('/password/reset', async (req, res) => {
    const { token, password } = body(req);
    try {
      const revoked = await credentials.resetPassword({ token, newPassword: password }, requester(req));
      sendData(res, { revoked_sessions: revoked });
    } catch (error) {
      throw restFieldNames(error);
    }
  });

  router.post('/email/verify', async (req, res) => {
    const user = await credentials.verifyEmail({ token: body(req).token }, requester(req));
    sendData(res, { user: { ...restUser(user, true), email_verified: true } });
  });

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

/** The service names the field as GraphQL does (newPassword); REST sent `password`. */
function restFieldNames(error: unknown): unknown {
  if (!(error instanceof AppError) || error.code !== 'BAD_USER_INPUT' || !error.details || Array.isArray(error.details))
    return error;
  const { newPassword, ...rest } = error.details as Record<string, unknown>;
  const details = newPassword ? { ...rest, password: newPassword } : rest;
  return new AppError(error.code, error.message, { details, cause: error.cause });
}
