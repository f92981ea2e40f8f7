import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { gql, signUp, VIEWER } from '../support/auth';
import { startTestApp, type TestApp } from '../support/test-app';

describe('asymmetric access tokens and the JWKS', () => {
  let t: TestApp;
  beforeAll(async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    // Env files usually carry PEMs with escaped newlines.
    t = await startTestApp({ env: { JWT_ACCESS_PRIVATE_KEY: pem.replace(/\n/g, '\\n') } });
  });
  afterAll(() => t.close());

  it('signs access tokens with ES256 that a third party verifies from the published JWKS', async () => {
    const me = await signUp(t);
    const header = jwt.decode(me.access, { complete: true })!.header;
    expect(header).toMatchObject({ alg: 'ES256', kid: expect.any(String) });

    for (const path of ['/.well-known/jwks.json', '/api/v1/auth/jwks.json']) {
      const res = await t.http().get(path);
      expect(res.status).toBe(200);
      const [key] = res.body.keys;
      expect(key).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig', kid: header.kid });
      expect(key.d).toBeUndefined();
      const publicKey = createPublicKey({ key, format: 'jwk' });
      expect(
        jwt.verify(me.access, publicKey, { algorithms: ['ES256'], audience: 'inkwell-api', issuer: 'inkwell' }),
      ).toMatchObject({
        typ: 'access',
      });
    }
    expect((await gql(t, VIEWER, {}, { token: me.access })).errors).toBeUndefined();
  });

  it('refuses algorithm confusion: an HS256 token keyed with the public key', async () => {
    const me = await signUp(t);
    const [key] = (await t.http().get('/.well-known/jwks.json')).body.keys;
    const publicPem = createPublicKey({ key, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString();
    const claims = jwt.decode(me.access) as jwt.JwtPayload;
    const forged = jwt.sign(claims, publicPem, { algorithm: 'HS256', allowInsecureKeySizes: true } as jwt.SignOptions);
    const res = await gql(t, VIEWER, {}, { token: forged });
    expect(res.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });

  it('publishes an empty key set when tokens are HS256', async () => {
    const plain = await startTestApp();
    try {
      expect((await plain.http().get('/.well-known/jwks.json')).body).toEqual({ keys: [] });
    } finally {
      await plain.close();
    }
  });
});
