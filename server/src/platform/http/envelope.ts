import type { Response } from 'express';
import type { ErrorCode } from '../errors/error-codes';
import type { ErrorDetails } from '../errors/app-error';
import { currentRequestContext } from '../observability/request-context';
import { setRateLimitHeaders } from '../rate-limit/rate-limit-headers';

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
  setRateLimitHeaders(res);
  res.status(options.status ?? 200).json(body);
}

/** Sends `{data: null, meta, error}`. Callers pass only safe, human-readable messages. */
export function sendError(res: Response, status: number, error: EnvelopeError, meta: Record<string, unknown> = {}) {
  const body: Envelope<never> = { data: null, meta: { request_id: requestId(res), ...meta }, error };
  setRateLimitHeaders(res);
  res.status(status).json(body);
}
