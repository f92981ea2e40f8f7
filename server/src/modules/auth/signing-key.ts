import { createHash, createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import type { Algorithm } from 'jsonwebtoken';

/** How access tokens are signed and checked: one pinned algorithm, never negotiated. */
export interface AccessKey {
  readonly algorithm: Algorithm;
  readonly signingKey: string | KeyObject;
  readonly verifyingKey: string | KeyObject;
  readonly kid: string | undefined;
  /** The public JWK third parties fetch; absent for HS256, whose key is secret. */
  readonly jwk: JsonWebKey | undefined;
}

// RFC 7638: the thumbprint hashes the required members in lexicographic order.
function thumbprint(jwk: JsonWebKey): string {
  const members =
    jwk.kty === 'EC' ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y } : { e: jwk.e, kty: jwk.kty, n: jwk.n };
  return createHash('sha256').update(JSON.stringify(members)).digest('base64url');
}

/**
 * The access-token keys: the first signs, every one verifies (picked by the token's `kid`, its
 * algorithm pinned), every public half is published. Without private keys, one HS256 secret.
 */
export interface AccessKeyRing {
  readonly signer: AccessKey;
  /** The key a token names (kid), or the HS256 secret; undefined when it names none of ours. */
  verifierFor(kid: unknown): AccessKey | undefined;
  readonly jwks: JsonWebKey[];
}

export function accessKeyRing(secret: string, privateKeys: readonly KeyObject[]): AccessKeyRing {
  if (privateKeys.length === 0) {
    const hmac: AccessKey = {
      algorithm: 'HS256',
      signingKey: secret,
      verifyingKey: secret,
      kid: undefined,
      jwk: undefined,
    };
    return { signer: hmac, verifierFor: () => hmac, jwks: [] };
  }
  const keys = privateKeys.map(asymmetricKey);
  const byKid = new Map(keys.map((key) => [key.kid!, key]));
  return {
    signer: keys[0]!,
    verifierFor: (kid) => (typeof kid === 'string' ? byKid.get(kid) : undefined),
    jwks: [...byKid.values()].map((key) => key.jwk!),
  };
}

function asymmetricKey(privateKey: KeyObject): AccessKey {
  const publicKey = createPublicKey(privateKey);
  const algorithm: Algorithm = privateKey.asymmetricKeyType === 'ec' ? 'ES256' : 'RS256';
  const exported = publicKey.export({ format: 'jwk' });
  const kid = thumbprint(exported);
  return {
    algorithm,
    signingKey: privateKey,
    verifyingKey: publicKey,
    kid,
    jwk: { ...exported, kid, alg: algorithm, use: 'sig' },
  };
}
