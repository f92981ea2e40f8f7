import type { Clock } from '../../platform/clock';
import type { Config } from '../../platform/config';
import type { SessionRecord } from '../sessions/session.record';
import type { SessionService } from '../sessions/session.service';
import { hashJti, type RefreshClaims, type TokenService } from './token.service';

/**
 * What a presented refresh token is to its session (docs/adr/0001):
 * - `current`: the session's live, current token;
 * - `grace_retry`: its immediate predecessor again within REFRESH_REUSE_GRACE (a lost response,
 *   several tabs): it gets the very same successor back;
 * - `reused`: any other earlier token of the session: theft until proven otherwise;
 * - `revoked` / `expired`: the session ended (signed out; past its absolute end or idle window);
 * - `unknown`: no such session for this user.
 */
export type RefreshStanding = 'current' | 'grace_retry' | 'reused' | 'revoked' | 'expired' | 'unknown';

/** What refresh gets: a session to issue for (and the jti to issue), or why not. */
export type Rotation =
  | { outcome: 'rotated' | 'grace_retry'; session: SessionRecord; refreshJti: string }
  | { outcome: 'reused'; session: SessionRecord }
  | { outcome: 'revoked' | 'expired' | 'unknown' };

/**
 * The refresh-token rotation in one place: the atomic rotation (one conditional UPDATE in the
 * sessions repository, ADR 1) and the one classification of a presented token that refresh and
 * logout both use, so the grace window is decided once.
 */
export class RefreshRotation {
  constructor(
    private readonly deps: { sessions: SessionService; tokens: TokenService; config: Config; clock: Clock },
  ) {}

  /**
   * Spends a verified refresh token. The presented token must be the session's current one,
   * checked inside the conditional UPDATE (never check-then-act); when it is not, the session
   * as it is now says why. The successor's jti is derived, so a grace retry re-mints it.
   */
  async rotate(claims: RefreshClaims): Promise<Rotation> {
    const { sessions, tokens } = this.deps;
    const presentedHash = hashJti(claims.jti);
    const refreshJti = tokens.successorJti(claims.jti);
    const nextHash = hashJti(refreshJti);
    const rotated = await sessions.rotate({ id: claims.sid, userId: claims.sub, presentedHash, nextHash });
    if (rotated) return { outcome: 'rotated', session: rotated, refreshJti };

    const session = await sessions.findById(claims.sid);
    const standing = this.classify(session, claims.sub, presentedHash, nextHash);
    if (!session || standing === 'unknown') return { outcome: 'unknown' };
    switch (standing) {
      case 'grace_retry':
        return { outcome: 'grace_retry', session, refreshJti };
      case 'reused':
        return { outcome: 'reused', session };
      // Still current, yet the UPDATE refused it: the database's clock already saw the session
      // idle or past its end.
      case 'current':
      case 'expired':
        return { outcome: 'expired' };
      case 'revoked':
        return { outcome: 'revoked' };
    }
  }

  /** The standing of a verified refresh token, without spending it (logout). */
  async standingOf(claims: RefreshClaims): Promise<RefreshStanding> {
    const session = await this.deps.sessions.findById(claims.sid);
    const presentedHash = hashJti(claims.jti);
    return this.classify(session, claims.sub, presentedHash, hashJti(this.deps.tokens.successorJti(claims.jti)));
  }

  private classify(
    session: SessionRecord | null,
    userId: string,
    presentedHash: string,
    successorHash: string,
  ): RefreshStanding {
    if (!session || session.userId !== userId) return 'unknown';
    if (session.revokedAt) return 'revoked';
    if (!this.deps.sessions.isLive(session)) return 'expired';
    if (session.currentJtiHash === presentedHash) return 'current';
    const graceStart = this.deps.clock.now() - this.deps.config.sessions.reuseGraceSeconds * 1000;
    const isGraceRetry =
      session.previousJtiHash === presentedHash &&
      session.currentJtiHash === successorHash &&
      session.rotatedAt !== null &&
      session.rotatedAt.getTime() >= graceStart;
    return isGraceRetry ? 'grace_retry' : 'reused';
  }
}
