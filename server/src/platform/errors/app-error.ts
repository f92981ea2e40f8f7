import { ERROR_STATUS, type ErrorCode } from './error-codes';

export type ErrorDetails = Record<string, unknown> | readonly unknown[];

export interface AppErrorOptions {
  details?: ErrorDetails;
  cause?: unknown;
  /** Seconds a client should wait before retrying (RATE_LIMITED, SERVICE_UNAVAILABLE). */
  retryAfter?: number;
}

/**
 * The one error type features throw. Its message is for people and safe to show;
 * anything internal goes in `cause`, which is logged and never sent.
 */
export class AppError extends Error {
  readonly status: number;
  readonly details: ErrorDetails | undefined;
  readonly retryAfter: number | undefined;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options: AppErrorOptions = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.status = ERROR_STATUS[code];
    this.details = options.details;
    this.retryAfter = options.retryAfter;
  }
}

export const isAppError = (error: unknown): error is AppError => error instanceof AppError;

/** Wraps a dependency failure (PostgreSQL, Redis) so callers answer 503 rather than 500. */
export function serviceUnavailable(dependency: string, cause: unknown): AppError {
  return new AppError('SERVICE_UNAVAILABLE', `${dependency} is unavailable; please retry shortly.`, {
    cause,
    retryAfter: 5,
  });
}
