import type { ServerErrorCode } from './serverErrorCodes';

/** Failures that never reached (or never came back from) the server: the client's own codes. */
type ClientOnlyCode = 'NETWORK_ERROR' | 'TIMEOUT' | 'UNKNOWN';

/** Every code the client understands: the server's table (generated from it) and its own. */
export type ErrorCode = ServerErrorCode | ClientOnlyCode;

/**
 * The one map from the contract's error codes (REST `error.code` = GraphQL
 * `extensions.code`) to what a person reads. Every error the client shows goes through
 * `messageFor`, so wording lives here and nowhere else. `satisfies` makes typecheck fail when
 * the server's table gains a code this map does not word, or drops one it still words.
 */
export const ERROR_MESSAGES = {
  BAD_USER_INPUT: 'Some of what you entered is not valid. Check the form and try again.',
  UNAUTHENTICATED: 'Please sign in to continue.',
  TOKEN_EXPIRED: 'Your sign-in has expired. Please sign in again.',
  SESSION_REVOKED: 'You were signed out: this session was ended from another device or by a password change.',
  REFRESH_REUSED: 'You were signed out for your safety: your sign-in was used from somewhere else.',
  FORBIDDEN: 'You are not allowed to do that.',
  CSRF_REJECTED: 'The request was refused by a security check. Reload the page and try again.',
  NOT_FOUND: 'We could not find that.',
  CONFLICT: 'That conflicts with something that already exists.',
  PAYLOAD_TOO_LARGE: 'That is too large to save.',
  UNSUPPORTED_MEDIA_TYPE: 'The app sent a request in a form the server does not accept. Reload the page.',
  RATE_LIMITED: 'Too many attempts. Please wait a moment and try again.',
  SERVICE_UNAVAILABLE: 'The service is temporarily unavailable. Please try again shortly.',
  INTERNAL_SERVER_ERROR: 'Something went wrong on our side.',
  GRAPHQL_PARSE_FAILED: 'The app sent a request the server could not read. Reload the page.',
  GRAPHQL_VALIDATION_FAILED: 'The app is out of date. Reload the page.',
  QUERY_TOO_COMPLEX: 'That request asks for too much at once.',
  PERSISTED_QUERY_NOT_FOUND: 'The app is out of date. Reload the page to get the latest version.',
  INVALID_TOKEN: 'This link is invalid or has expired. Ask for a new one.',
  // Client-side codes: failures that never reached (or never came back from) the server.
  NETWORK_ERROR: 'We could not reach the server. Check your connection and try again.',
  TIMEOUT: 'The server took too long to answer. Please try again.',
  UNKNOWN: 'Something went wrong.',
} as const satisfies Record<ErrorCode, string>;

export const isErrorCode = (code: unknown): code is ErrorCode =>
  typeof code === 'string' && Object.prototype.hasOwnProperty.call(ERROR_MESSAGES, code);

/** Use the server's own message for this operation and code (it says more than ours). */
const FROM_SERVER = Symbol('from server');

/**
 * Where one operation's error says more than the generic line, keyed by the operation's name
 * (the Relay operation, or the REST call) then the code: our own wording, or FROM_SERVER to
 * show the server's message (written for people, never carrying internals: the contract).
 */
const OPERATION_MESSAGES: Readonly<Record<string, Partial<Record<ErrorCode, string | typeof FROM_SERVER>>>> = {
  useLoginMutation: { UNAUTHENTICATED: FROM_SERVER, BAD_USER_INPUT: 'Enter your email and password.' },
  useRegisterMutation: {
    CONFLICT: 'An account with this email already exists. Sign in instead, or use another email.',
    FORBIDDEN: 'Registration is closed at the moment.',
  },
  useChangePasswordMutation: { BAD_USER_INPUT: FROM_SERVER },
  useUpdateProfileMutation: { BAD_USER_INPUT: FROM_SERVER },
  useDeleteAccountMutation: { BAD_USER_INPUT: 'That is not your current password. Your account was not deleted.' },
  useRequestDataExportMutation: {
    RATE_LIMITED: 'You asked for your data a short while ago: it is on its way to your inbox. You can ask again later.',
  },
  useCreatePostMutation: { CONFLICT: FROM_SERVER },
  useUpdatePostMutation: { CONFLICT: FROM_SERVER },
};

export interface MessageOptions {
  retryAfter?: number;
  /** The operation that failed (a Relay operation name). */
  operation?: string;
  /** The server's message for this error. */
  serverMessage?: string;
}

/**
 * The person-facing text for a code: the operation's own wording where there is one, else the
 * generic line; RATE_LIMITED says how long to wait when the server said.
 */
export function messageFor(code: ErrorCode, options: MessageOptions = {}): string {
  const specific = options.operation ? OPERATION_MESSAGES[options.operation]?.[code] : undefined;
  if (specific === FROM_SERVER && options.serverMessage) return options.serverMessage;
  if (typeof specific === 'string') return specific;
  if (code === 'RATE_LIMITED' && options.retryAfter !== undefined && options.retryAfter > 0) {
    const seconds = Math.ceil(options.retryAfter);
    return `Too many attempts. Please wait ${seconds} second${seconds === 1 ? '' : 's'} and try again.`;
  }
  return ERROR_MESSAGES[code];
}
