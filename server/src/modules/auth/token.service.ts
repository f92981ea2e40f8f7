import { createHash, createHmac, randomUUID } from 'node:crypto';
import type { JsonWebKey, KeyObject } from 'node:crypto';
import jwt, { type Algorithm, type JwtPayload } from 'jsonwebtoken';
import { LRUCache } from 'lru-cache';
import type { Config } from '../../platform/config';
import { AppError } from '../../platform/errors/app-error';
import { accessKeyRing, type AccessKeyRing } from './signing-key';

const REFRESH_ALGORITHM = 'HS256';
const CLOCK_LEEWAY_SECONDS = 30;
/** Access tokens whose signature and claims this process has checked (one per active device). */
const VERIFIED_ACCESS_TOKENS = 10_000;

export interface AccessClaims {
  sub: string;
  sid: string;
  tv: number;
  jti: string;
}

export interface RefreshClaims extends AccessClaims {
  exp: number;
}

/** The `kid` a token's header names, or undefined (no header, not JSON: verify refuses it then). */
function headerKid(token: string): unknown {
  try {
    return jwt.decode(token, { complete: true })?.header.kid;
  } catch {
    return undefined;
  }
}

/** SHA-256 of a jti: what the sessions table and the denylist hold instead of the id itself. */
export const hashJti = (jti: string): string => createHash('sha256').update(jti).digest('base64url');

/**
 * Signs and verifies both token kinds. The algorithm is pinned on verify (no `none`, no RS/HS
 * confusion), each kind has its own secret and `typ`, and iss/aud are checked.
 */
export class TokenService {
  private readonly access: AccessKeyRing;
  /**
   * Verified access tokens by their exact text, until they expire: a signed-in client sends the
   * same token with every request for its lifetime, and checking a signature (plus decoding the
   * token twice) was most of authenticating. A token is the same bytes the key signed, so what
   * was true of it stays true until `exp`; revocation is not decided here but on every request
   * (the revocation store, one Redis MGET). Bounded: the least recently used are verified again
   * when it is full.
   */
  private readonly verified = new LRUCache<string, RefreshClaims>({ max: VERIFIED_ACCESS_TOKENS });

  constructor(private readonly config: Config) {
    this.access = accessKeyRing(config.jwt.accessSecret, config.jwt.accessPrivateKeys);
  }

  /** The JSON Web Key Set for access tokens: every verifying key (empty when they are HS256). */
  jwks(): { keys: JsonWebKey[] } {
    return { keys: this.access.jwks };
  }

  get accessTtlSeconds() {
    return this.config.jwt.accessTtlSeconds;
  }

  signAccess(claims: Omit<AccessClaims, 'jti'>): string {
    const { signer } = this.access;
    return jwt.sign({ sid: claims.sid, tv: claims.tv, typ: 'access' }, signer.signingKey, {
      algorithm: signer.algorithm,
      ...(signer.kid && { keyid: signer.kid }),
      subject: claims.sub,
      jwtid: randomUUID(),
      issuer: this.config.jwt.issuer,
      audience: this.config.jwt.audience,
      expiresIn: this.config.jwt.accessTtlSeconds,
    });
  }

  /** A refresh token expiring at `expiresAt` (epoch seconds) with the given jti. */
  signRefresh(claims: AccessClaims, expiresAt: number): string {
    return jwt.sign({ sid: claims.sid, tv: claims.tv, typ: 'refresh', exp: expiresAt }, this.config.jwt.refreshSecret, {
      algorithm: REFRESH_ALGORITHM,
      subject: claims.sub,
      jwtid: claims.jti,
      issuer: this.config.jwt.issuer,
      audience: this.config.jwt.audience,
      noTimestamp: false,
    });
  }

  /**
   * The successor of a refresh jti is derived, not random: presenting the same token again
   * within the grace window re-mints the very same successor, so the chain never forks and no
   * raw token has to be stored to hand it back.
   */
  successorJti(jti: string): string {
    return createHmac('sha256', this.config.jwt.refreshSecret).update(`rotate:${jti}`).digest('base64url');
  }

  verifyAccess(token: string): AccessClaims {
    const known = this.verified.get(token);
    // jsonwebtoken's own rule: expired once the clock (whole seconds) reaches exp + tolerance.
    if (known && Math.floor(Date.now() / 1000) < known.exp + CLOCK_LEEWAY_SECONDS) return known;
    if (known) this.verified.delete(token);
    const key = this.access.verifierFor(headerKid(token));
    if (!key) throw new AppError('UNAUTHENTICATED', 'The access token is invalid.');
    const claims = this.verify(token, key.verifyingKey, key.algorithm, 'access');
    this.verified.set(token, Object.freeze(claims));
    return claims;
  }

  verifyRefresh(token: string): RefreshClaims {
    return this.verify(token, this.config.jwt.refreshSecret, REFRESH_ALGORITHM, 'refresh');
  }

  private verify(
    token: string,
    key: string | KeyObject,
    algorithm: Algorithm,
    typ: 'access' | 'refresh',
  ): RefreshClaims {
    let payload: JwtPayload;
    try {
      payload = jwt.verify(token, key, {
        algorithms: [algorithm],
        issuer: this.config.jwt.issuer,
        audience: this.config.jwt.audience,
        clockTolerance: CLOCK_LEEWAY_SECONDS,
        complete: false,
      }) as JwtPayload;
    } catch (error) {
      if (error instanceof jwt.TokenExpiredError) {
        throw new AppError('TOKEN_EXPIRED', `The ${typ} token has expired.`);
      }
      throw new AppError('UNAUTHENTICATED', `The ${typ} token is invalid.`);
    }
    const { sub, sid, tv, jti, exp } = payload as JwtPayload & { sid?: unknown; tv?: unknown; typ?: unknown };
    if (
      payload.typ !== typ ||
      typeof sub !== 'string' ||
      typeof sid !== 'string' ||
      typeof jti !== 'string' ||
      typeof tv !== 'number' ||
      typeof exp !== 'number'
    ) {
      throw new AppError('UNAUTHENTICATED', `The ${typ} token is invalid.`);
    }
    return { sub, sid, tv, jti, exp };
  }
}
