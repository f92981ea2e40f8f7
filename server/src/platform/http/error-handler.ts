import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { AppError, isAppError } from '../errors/app-error';
import { dependencyFailure } from '../errors/dependency-failure';
import { sendError } from './envelope';

/** body-parser marks its own failures with a `type`; they are the caller's fault, not ours. */
function fromBodyParser(error: unknown): AppError | null {
  const type = (error as { type?: unknown } | null)?.type;
  if (type === 'entity.parse.failed')
    return new AppError('BAD_USER_INPUT', 'The request body must be valid JSON: an object or an array.');
  if (type === 'entity.too.large') return new AppError('PAYLOAD_TOO_LARGE', 'The request body is too large.');
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return new AppError('BAD_USER_INPUT', 'The request body encoding is not supported.');
  }
  return null;
}

/** `Retry-After` and, for clients that read only the body, the same number as `details.retry_after`. */
function restDetails(res: Response, error: AppError): AppError['details'] {
  if (error.retryAfter === undefined) return error.details;
  res.setHeader('Retry-After', String(error.retryAfter));
  if (Array.isArray(error.details)) return error.details;
  return { ...error.details, retry_after: error.retryAfter };
}

export const notFoundHandler: RequestHandler = (_req, _res, next) => {
  next(new AppError('NOT_FOUND', 'No such route.'));
};

/** The one place an express error becomes an HTTP response. Unexpected errors reveal nothing. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    if (res.headersSent) return next(error);
    const known = isAppError(error) ? error : (fromBodyParser(error) ?? dependencyFailure(error));
    if (known) {
      if (known.status >= 500) logger.warn({ err: known.cause ?? known, code: known.code }, known.message);
      sendError(res, known.status, { code: known.code, message: known.message, details: restDetails(res, known) });
      return;
    }
    logger.error({ err: error }, 'unhandled error');
    sendError(res, 500, { code: 'INTERNAL_SERVER_ERROR', message: 'Something went wrong. Quote the request id.' });
  };
}
