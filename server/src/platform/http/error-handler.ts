import type { ErrorRequestHandler, RequestHandler } from 'express';
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

/** The router could not percent-decode a path parameter (`/posts/%E0%A4%A`): the caller's URL is wrong. */
function fromRouter(error: unknown): AppError | null {
  if (error instanceof URIError && (error as { status?: unknown }).status === 400) {
    return new AppError('BAD_USER_INPUT', 'The URL is not valid: a path segment has broken percent-encoding.');
  }
  return null;
}

export const notFoundHandler: RequestHandler = (_req, _res, next) => {
  next(new AppError('NOT_FOUND', 'No such route.'));
};

/** The one place an express error becomes an HTTP response. Unexpected errors reveal nothing. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    if (res.headersSent) return next(error);
    const known = isAppError(error) ? error : (fromBodyParser(error) ?? fromRouter(error) ?? dependencyFailure(error));
    if (known) {
      if (known.status >= 500) logger.warn({ err: known.cause ?? known, code: known.code }, known.message);
      if (known.retryAfter !== undefined) res.setHeader('Retry-After', String(known.retryAfter));
      sendError(res, known.status, { code: known.code, message: known.message, details: known.details });
      return;
    }
    logger.error({ err: error }, 'unhandled error');
    sendError(res, 500, { code: 'INTERNAL_SERVER_ERROR', message: 'Something went wrong. Quote the request id.' });
  };
}
