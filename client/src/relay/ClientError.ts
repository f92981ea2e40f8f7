import { type ErrorCode, isErrorCode, messageFor } from '../shared/errorMessages';

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
