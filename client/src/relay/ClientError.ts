import { type ErrorCode, isErrorCode, messageFor } from '../errors/errorMessages';

/** Field-level problems from BAD_USER_INPUT, e.g. `{ currentPassword: ['is not correct'] }`. */
export type FieldErrors = Record<string, string[]>;

/**
 * The one error type the network layer throws. `message` is already for people (from the
 * central map); `requestId` is the X-Request-ID a user can quote to support.
 */
export class ClientError extends Error {
  readonly code: ErrorCode;
  readonly requestId: string | undefined;
  readonly status: number | undefined;
  readonly retryAfter: number | undefined;
  readonly fieldErrors: FieldErrors | undefined;
  readonly operation: string | undefined;

  constructor(
    code: ErrorCode,
    options: {
      requestId?: string;
      status?: number;
      retryAfter?: number;
      details?: unknown;
      cause?: unknown;
      operation?: string;
      serverMessage?: string;
    } = {},
  ) {
    super(messageFor(code, options), { cause: options.cause });
    this.operation = options.operation;
    this.name = 'ClientError';
    this.code = code;
    this.requestId = options.requestId;
    this.status = options.status;
    this.retryAfter = options.retryAfter;
    this.fieldErrors = toFieldErrors(options.details);
  }
}

function toFieldErrors(details: unknown): FieldErrors | undefined {
  if (!details || typeof details !== 'object' || Array.isArray(details)) return undefined;
  const out: FieldErrors = {};
  for (const [key, value] of Object.entries(details)) {
    if (Array.isArray(value)) out[key] = value.filter((v): v is string => typeof v === 'string');
    else if (typeof value === 'string') out[key] = [value];
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Any thrown value as a ClientError (Relay wraps ours; unknown ones become UNKNOWN). */
export function toClientError(error: unknown): ClientError {
  if (error instanceof ClientError) return error;
  if (error instanceof Error && error.cause instanceof ClientError) return error.cause;
  return new ClientError('UNKNOWN', { cause: error });
}

/** A code from the wire, or UNKNOWN when the server sent something we do not know. */
export const codeFrom = (value: unknown): ErrorCode => (isErrorCode(value) ? value : 'UNKNOWN');

/** A code for a response that carried none (an HTML 502 from a proxy, say). */
export function statusCode(status: number): ErrorCode {
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  if (status === 429) return 'RATE_LIMITED';
  if (status === 502 || status === 503 || status === 504) return 'SERVICE_UNAVAILABLE';
  if (status >= 500) return 'INTERNAL_SERVER_ERROR';
  return 'UNKNOWN';
}
