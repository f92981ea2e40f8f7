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

export function accessKey(secret: string, privateKey: KeyObject | undefined): AccessKey {
  if (!privateKey)
    return { algorithm: 'HS256', signingKey: secret, verifyingKey: secret, kid: undefined, jwk: undefined };
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
