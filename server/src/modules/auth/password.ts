import { Algorithm, hash, verify } from '@node-rs/argon2';

/** OWASP's argon2id baseline: 19 MiB, 2 iterations, 1 lane. */
const ARGON2_OPTIONS = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

export const hashPassword = (password: string): Promise<string> => hash(password, ARGON2_OPTIONS);

/**
 * A real argon2id hash with the same parameters, of a password nobody types: verifying against it
 * costs exactly what verifying a real user's hash costs.
 */
const TIMING_EQUALISER_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$kyaBgOQsvYpQjT7/kGbj6w$0XvPvZiN/j5k3Q6N/DBZvEsjsfwEbmssGpQ3TlWfDCE';

/**
 * Verifies a password. With no stored hash (unknown email) it still runs one argon2 verify
 * against a throwaway hash, so "no such user" and "wrong password" take the same time.
 */
export async function verifyPassword(storedHash: string | undefined, password: string): Promise<boolean> {
  if (storedHash === undefined) {
    await verify(TIMING_EQUALISER_HASH, password).catch(() => false);
    return false;
  }
  return verify(storedHash, password).catch(() => false);
}
