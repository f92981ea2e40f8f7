import type { ErrorCode } from '../errors/errorMessages';

/** What the network layer needs from the session (auth/AuthSession in the app); tests pass fakes. */
export interface AuthPort {
  readonly ready: Promise<void>;
  getAccessToken(): string | null;
  /** One rotation through the cookie, shared by every caller while it is in flight. */
  refresh(): Promise<void>;
  signOut(reason?: ErrorCode): void;
}

/** Codes after which the session is over and the user must sign in again. */
export const SIGN_OUT_CODES: ReadonlySet<ErrorCode> = new Set(['SESSION_REVOKED', 'REFRESH_REUSED']);

/** Codes that a cookie refresh may cure. */
export const REFRESHABLE_CODES: ReadonlySet<ErrorCode> = new Set(['UNAUTHENTICATED', 'TOKEN_EXPIRED']);
