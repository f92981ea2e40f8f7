import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { AppError, isAppError } from '../errors/app-error';
import { dependencyFailure } from '../errors/dependency-failure';
import { findNulCharacter, nulCharacterError } from '../input/text-input';
import { sendError, sendGraphQLError } from './envelope';
import { restFieldDetails } from './rest-field-names';

/**
 * Errors raised by the HTTP plumbing before a route runs (body-parser, its decompression,
 * the router's path decoding): the caller's fault, so 4xx, never a 500.
 */
function fromHttpLayer(error: unknown): AppError | null {
  const candidate = error as { type?: unknown; status?: unknown; code?: unknown } | null;
  if (!candidate || typeof candidate !== 'object') return null;
  const { type, status } = candidate;
  if (type === 'entity.parse.failed')
    return new AppError('BAD_USER_INPUT', 'The request body must be valid JSON: an object or an array.');
  if (type === 'entity.too.large') return new AppError('PAYLOAD_TOO_LARGE', 'The request body is too large.');
  if (type === 'encoding.unsupported') {
    return new AppError('UNSUPPORTED_MEDIA_TYPE', 'Content-Encoding must be gzip, deflate, br or identity.');
  }
  if (type === 'charset.unsupported') {
    return new AppError('UNSUPPORTED_MEDIA_TYPE', 'The request body charset must be utf-8.');
  }
  // A body that says gzip/deflate/br but is not (zlib's Z_DATA_ERROR and kin, brotli's
  // ERR__ERROR_FORMAT_*; body-parser wraps them as a bare 400).
  if (typeof candidate.code === 'string' && /^(Z_|ERR__ERROR_)/.test(candidate.code)) {
    return new AppError('BAD_USER_INPUT', 'The request body does not match its Content-Encoding.');
  }
  // The router's decodeURIComponent of a path parameter (`/posts/%ff`).
  if (error instanceof URIError) return new AppError('BAD_USER_INPUT', 'The URL path is not valid percent-encoding.');
  // Any other client error body-parser / raw-body raises (aborted or short bodies, …).
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new AppError('BAD_USER_INPUT', 'The request could not be read.');
  }
  return null;
}

/**
 * The REST view of an error's details: field errors under the names REST bodies use
 * (rest-field-names.ts), and for clients that read only the body, the `Retry-After` number
 * again as `details.retry_after`.
 */
function restDetails(error: AppError): AppError['details'] {
  const details = error.code === 'BAD_USER_INPUT' ? restFieldDetails(error.details) : error.details;
  if (error.retryAfter === undefined || Array.isArray(details)) return details;
  return { ...details, retry_after: error.retryAfter };
}

/** Marks a request whose JSON body cannot hold a NUL (`noteNulFreeJson`): the walk is skipped. */
const NUL_FREE_BODY = Symbol('nulFreeBody');
type MarkedRequest = IncomingMessage & { [NUL_FREE_BODY]?: true };

/**
 * express.json's `verify`, run on the raw body before it is parsed. JSON carries a NUL only as
 * the escape `\u0000` (a raw control character does not parse, and the `u` is lower case), so a
 * UTF-8 body without that text parses to values without a NUL. A body with it (or in another
 * charset) is walked by `refuseNulCharacters` as before.
 */
export function noteNulFreeJson(req: IncomingMessage, _res: ServerResponse, body: Buffer, charset: string | null) {
  if (charset === 'utf-8' && !body.includes('\\u0000')) (req as MarkedRequest)[NUL_FREE_BODY] = true;
}

/**
 * The boundary's text rule (text-input.ts) for what express parsed: the path, the query string
 * and the body. GraphQL literals are checked by a validation rule; variables arrive in the body.
 * A raw NUL cannot reach a request line, only its percent-encoding `%00` can (the query parser
 * decodes nothing else), so a URL without it needs no look at the path or the query.
 */
export const refuseNulCharacters: RequestHandler = (req, _res, next) => {
  if (req.url.includes('%00')) {
    if (req.path.includes('%00')) return next(nulCharacterError('path'));
    const inQuery = findNulCharacter(req.query, 'query');
    if (inQuery) return next(nulCharacterError(inQuery));
  }
  if (!(req as MarkedRequest)[NUL_FREE_BODY]) {
    const inBody = findNulCharacter(req.body, '');
    if (inBody) return next(nulCharacterError(inBody));
  }
  next();
};

export const notFoundHandler: RequestHandler = (_req, _res, next) => {
  next(new AppError('NOT_FOUND', 'No such route.'));
};

/**
 * The one place an express error becomes an HTTP response. Unexpected errors reveal nothing.
 * Requests to a GraphQL endpoint get GraphQL's shape, everything else the REST envelope.
 */
export function errorHandler(logger: Logger, isGraphQL: (req: Request) => boolean): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    const known = isAppError(error) ? error : (fromHttpLayer(error) ?? dependencyFailure(error));
    if (!known) logger.error({ err: error }, 'unhandled error');
    const answer = known ?? new AppError('INTERNAL_SERVER_ERROR', 'Something went wrong. Quote the request id.');
    if (known && known.status >= 500) logger.warn({ err: known.cause ?? known, code: known.code }, known.message);
    if (answer.retryAfter !== undefined) res.setHeader('Retry-After', String(answer.retryAfter));
    const body = { code: answer.code, message: answer.message, details: answer.details };
    if (isGraphQL(req)) sendGraphQLError(res, answer.status, body);
    else sendError(res, answer.status, { ...body, details: restDetails(answer) });
  };
}
