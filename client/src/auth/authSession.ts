import { type ErrorCode, messageFor } from '../errors/errorMessages';
import { type AuthPort, REFRESHABLE_CODES, SIGN_OUT_CODES } from '../relay/authPort';
import { ClientError } from '../relay/ClientError';
import { postEnvelope } from '../relay/rest';

export type LogoutScope = 'local' | 'others' | 'global';

export interface AuthSnapshot {
  /** `restoring` until the page-load cookie refresh has settled. */
  readonly status: 'restoring' | 'signedIn' | 'signedOut';
  /** Why the user was signed out, when it was not their own doing. */
  readonly notice: string | null;
  /** Bumped whenever the identity changes: the Relay store of the previous one is dropped. */
  readonly epoch: number;
}

const REFRESH_URL = '/api/v1/auth/refresh/';
const LOGOUT_URL = '/api/v1/auth/logout/';
/** Set (readable, not secret) by the server with the HttpOnly refresh cookie, cleared at logout. */
const SIGNED_IN_HINT = /(?:^|;\s*)inkwell_signed_in=1(?:;|$)/;
/** When a limit refuses a refresh without saying how long to wait. */
const DEFAULT_RETRY_AFTER_S = 5;

export interface AuthSessionOptions {
  /** Does this browser hold a refresh cookie? Reads the hint cookie; tests pass their own. */
  readonly hasSignedInHint?: () => boolean;
  /** The wait before retrying a refresh refused by a rate limit; tests pass their own. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** How many times a rate-limited refresh is retried before the caller sees RATE_LIMITED. */
  readonly rateLimitRetries?: number;
}

const documentHint = () => typeof document !== 'undefined' && SIGNED_IN_HINT.test(document.cookie);
const wallClockSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** What the user reads while a refresh waits for a rate limit (they stay signed in). */
export const refreshWaitNotice = (seconds: number) =>
  `Many sign-ins from your network right now: retrying in ${seconds} second${seconds === 1 ? '' : 's'}. You are still signed in.`;

/**
 * The signed-in state of this tab. The access token lives in this object only (never in
 * storage, where any injected script could read it); the refresh token is the HttpOnly
 * cookie, which JavaScript never sees. A reload starts signed out and restores through one
 * cookie refresh.
 */
export class AuthSession implements AuthPort {
  private accessToken: string | null = null;
  private inFlight: Promise<void> | null = null;
  private snapshot: AuthSnapshot = { status: 'restoring', notice: null, epoch: 0 };
  private readonly listeners = new Set<() => void>();
  private resolveReady: () => void = () => {};
  readonly ready: Promise<void>;

  private readonly hasSignedInHint: () => boolean;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly rateLimitRetries: number;

  constructor(
    private readonly fetchImpl: typeof fetch = (...args) => fetch(...args),
    options: AuthSessionOptions = {},
  ) {
    this.ready = new Promise((resolve) => (this.resolveReady = resolve));
    this.hasSignedInHint = options.hasSignedInHint ?? documentHint;
    this.sleep = options.sleep ?? wallClockSleep;
    this.rateLimitRetries = options.rateLimitRetries ?? 3;
  }

  getAccessToken = () => this.accessToken;
  getSnapshot = () => this.snapshot;
  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  /**
   * On page load: one silent cookie refresh, only when the hint cookie says there is a cookie
   * to refresh (anonymous visitors cost the server nothing). A refresh refused by a rate limit
   * keeps retrying (saying so) and never counts as "signed out"; other failures do.
   */
  async restore(): Promise<void> {
    if (!this.hasSignedInHint()) {
      this.update({ status: 'signedOut' });
      this.resolveReady();
      return;
    }
    for (;;) {
      try {
        await this.refresh({ silent: true });
        break;
      } catch (error) {
        if (error instanceof ClientError && error.code === 'RATE_LIMITED') {
          // Let anonymous content render meanwhile; the session is still being restored.
          this.resolveReady();
          continue;
        }
        if (this.snapshot.status === 'restoring') this.update({ status: 'signedOut' });
        break;
      }
    }
    this.resolveReady();
  }

  /** After login, register + login, or a password change: a new token for a (maybe new) identity. */
  signIn(accessToken: string): void {
    const changed = this.snapshot.status !== 'signedIn';
    this.accessToken = accessToken;
    this.update({ status: 'signedIn', notice: null, epoch: this.snapshot.epoch + (changed ? 1 : 0) });
    this.resolveReady();
  }

  signOut(reason?: ErrorCode): void {
    const wasSignedIn = this.snapshot.status === 'signedIn';
    this.accessToken = null;
    this.update({
      status: 'signedOut',
      notice: reason ? messageFor(reason) : null,
      epoch: this.snapshot.epoch + (wasSignedIn ? 1 : 0),
    });
  }

  dismissNotice(): void {
    this.update({ notice: null });
  }

  refresh(options: { silent?: boolean } = {}): Promise<void> {
    this.inFlight ??= this.rotate(options.silent === true).finally(() => (this.inFlight = null));
    return this.inFlight;
  }

  /**
   * Signs out through REST, the only door that also clears the HttpOnly cookie. The local
   * state is cleared whatever the server says: the user asked to leave.
   */
  async logout(scope: LogoutScope = 'local'): Promise<void> {
    const token = this.accessToken;
    try {
      await postEnvelope<{ revoked_sessions: number }>(this.fetchImpl, LOGOUT_URL, { scope }, { bearer: token });
    } finally {
      this.signOut();
    }
  }

  private async rotate(silent: boolean): Promise<void> {
    const wasSignedIn = this.snapshot.status === 'signedIn';
    let data: { access: string } | null;
    try {
      data = await this.postRefresh();
    } catch (error) {
      const code = error instanceof ClientError ? error.code : 'UNKNOWN';
      const sessionOver = SIGN_OUT_CODES.has(code) || REFRESHABLE_CODES.has(code);
      if (sessionOver) {
        // A page-load restore that finds no live session is not news to the user.
        this.signOut(silent || !wasSignedIn ? undefined : SIGN_OUT_CODES.has(code) ? code : 'TOKEN_EXPIRED');
      }
      throw error;
    }
    if (data === null) {
      // The server found no refresh cookie: not an error, just nobody to restore.
      if (wasSignedIn) this.signOut('TOKEN_EXPIRED');
      else this.update({ status: 'signedOut' });
      throw new ClientError('UNAUTHENTICATED', { status: 200 });
    }
    this.accessToken = data.access;
    if (!wasSignedIn) this.update({ status: 'signedIn', notice: null, epoch: this.snapshot.epoch + 1 });
    else if (this.snapshot.notice !== null) this.update({ notice: null });
  }

  /**
   * One cookie refresh, waiting out rate limits: a limit is about the network or the session's
   * pace, never a reason to sign out. The user is told while it waits.
   */
  private async postRefresh(): Promise<{ access: string } | null> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await postEnvelope<{ access: string }>(this.fetchImpl, REFRESH_URL, {}, { allowNull: true });
      } catch (error) {
        if (!(error instanceof ClientError) || error.code !== 'RATE_LIMITED' || attempt >= this.rateLimitRetries) {
          throw error;
        }
        const seconds = Math.max(1, Math.ceil(error.retryAfter ?? DEFAULT_RETRY_AFTER_S));
        this.update({ notice: refreshWaitNotice(seconds) });
        await this.sleep(seconds * 1000);
      }
    }
  }

  private update(patch: Partial<AuthSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.listeners) listener();
  }
}
