import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Config } from '../../platform/config';
import { AppError } from '../../platform/errors/app-error';
import type { RateLimiter } from '../../platform/rate-limit/rate-limiter';
import { loginSubject } from './auth.limits';

/** Who is guessing: an account from anywhere, or a device that proved it signed in before. */
export type AttemptSubject = { email: string; device: string | null } | { sessionId: string };

/**
 * The one place that decides whether a password attempt may proceed (login, password change,
 * and later password reset). Per OWASP's "device cookies": failures count against the account
 * as a whole, except from a device that proves (a signed cookie issued at a successful sign-in
 * to this account) it signed in before; such a device has a failure budget of its own. So a
 * flood of wrong passwords from anywhere cannot lock the owner out of their own devices, and a
 * new device (the attacker's) is still throttled by the account's counter. The per-address and
 * per-address+email limits (auth.limits.ts) apply before this, to everyone.
 */
export class LoginThrottle {
  private readonly secret: Buffer;

  constructor(
    private readonly rateLimiter: RateLimiter,
    private readonly config: Config,
  ) {
    // Derived, so no new secret to manage; rotating JWT_REFRESH_SECRET forgets known devices.
    this.secret = createHmac('sha256', config.jwt.refreshSecret).update('inkwell device cookie v1').digest();
  }

  /**
   * Counts this attempt first (so concurrent guesses cannot all slip under the limit) and
   * returns the key to clear when it succeeds. RATE_LIMITED when the budget is spent.
   */
  async beforeAttempt(subject: AttemptSubject, message: string): Promise<string> {
    const key =
      'sessionId' in subject
        ? `session:${subject.sessionId}`
        : subject.device
          ? `device:${subject.device}`
          : `login:${subject.email.toLowerCase()}`;
    const { max, windowSeconds } = this.config.rateLimits.loginFailures;
    if ((await this.rateLimiter.countFailure(key, windowSeconds)) > max) {
      this.rateLimiter.rejected('login-failures');
      throw new AppError('RATE_LIMITED', message, { retryAfter: windowSeconds });
    }
    return key;
  }

  async succeeded(key: string): Promise<void> {
    await this.rateLimiter.clearFailures(key);
  }

  /** The device id a cookie proves for this account, or null (absent, forged, another account's). */
  knownDevice(cookie: string | undefined, email: string): string | null {
    if (typeof cookie !== 'string' || cookie.length > 200) return null;
    const [device, mac] = cookie.split('.');
    if (!device || !mac || !/^[A-Za-z0-9_-]{16,64}$/.test(device)) return null;
    const expected = Buffer.from(this.mac(device, email));
    const given = Buffer.from(mac);
    return given.length === expected.length && timingSafeEqual(given, expected) ? device : null;
  }

  /** A device cookie for this account: the same device id when it already had one. */
  deviceCookie(email: string, device: string | null): string {
    const id = device ?? randomBytes(18).toString('base64url');
    return `${id}.${this.mac(id, email)}`;
  }

  private mac(device: string, email: string): string {
    return createHmac('sha256', this.secret)
      .update(`${loginSubject(email)}:${device}`)
      .digest('base64url');
  }
}
