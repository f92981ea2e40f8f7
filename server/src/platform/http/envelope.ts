import type { Response } from 'express';
import type { ErrorCode } from '../errors/error-codes';
import type { ErrorDetails } from '../errors/app-error';
import { currentRequestContext } from '../observability/request-context';

export interface EnvelopeError {
  code: ErrorCode;
  message: string;
  details?: ErrorDetails;
}

export interface Envelope<T> {
  data: T | null;
  meta: { request_id: string } & Record<string, unknown>;
  error: EnvelopeError | null;
}

const requestId = (res: Response): string =>
  currentRequestContext()?.requestId ?? String(res.getHeader('x-request-id') ?? '');

/** Sends `{data, meta, error: null}` (the contract's REST shape). */
export function sendData<T>(res: Response, data: T, options: { status?: number; meta?: Record<string, unknown> } = {}) {
  const body: Envelope<T> = { data, meta: { request_id: requestId(res), ...options.meta }, error: null };
  res.status(options.status ?? 200).json(body);
}

/** Sends `{data: null, meta, error}`. Callers pass only safe, human-readable messages. */
export function sendError(res: Response, status: number, error: EnvelopeError, meta: Record<string, unknown> = {}) {
  recordErrorCodes([error.code]);
  const body: Envelope<never> = { data: null, meta: { request_id: requestId(res), ...meta }, error };
  res.status(status).json(body);
}

/**
 * A GraphQL request refused before execution (body, persisted query), in GraphQL's shape with
 * the contract's extensions: `errors[].extensions.{code, status, requestId}` and
 * `extensions.meta.requestId`.
 */
export function sendGraphQLError(res: Response, status: number, error: EnvelopeError) {
  recordErrorCodes([error.code]);
  const id = requestId(res);
  res.status(status).json({
    errors: [
      {
        message: error.message,
        extensions: { code: error.code, status, requestId: id, ...(error.details && { details: error.details }) },
      },
    ],
    extensions: { meta: { requestId: id } },
  });
}

/** Notes the response's error codes on the request context, for the access log line. */
export function recordErrorCodes(codes: readonly string[]) {
  const context = currentRequestContext();
  if (context && codes.length > 0) context.errorCodes = [...new Set([...(context.errorCodes ?? []), ...codes])];
}
