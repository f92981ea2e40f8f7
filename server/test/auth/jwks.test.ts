import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
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

describe('signing-key rotation', () => {
  const pemOf = (curve: 'ec' | 'rsa') => {
    const { privateKey } =
      curve === 'ec'
        ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
        : generateKeyPairSync('rsa', { modulusLength: 2048 });
    return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  };
  const oldKey = pemOf('ec');
  const newKey = pemOf('rsa');
  const apps: TestApp[] = [];
  afterAll(() => Promise.all(apps.map((app) => app.close())));
  const start = async (keys: string[], db?: TestApp['db']) => {
    const app = await startTestApp({ env: { JWT_ACCESS_PRIVATE_KEY: keys.join('\n').replace(/\n/g, '\\n') }, db });
    apps.push(app);
    return app;
  };

  it('when a new key is put first, it signs, the old one still verifies, and both are published with their kid', async () => {
    const before = await start([oldKey]);
    const me = await signUp(before);
    const oldKid = jwt.decode(me.access, { complete: true })!.header.kid;

    const after = await start([newKey, oldKey], before.db);
    // The same Redis key prefix is not shared, so the new app checks the token on its own.
    const res = await gql(after, VIEWER, {}, { token: me.access });
    expect(res.errors).toBeUndefined();
    const fresh = await signUp(after);
    const header = jwt.decode(fresh.access, { complete: true })!.header;
    expect(header.alg).toBe('RS256');
    expect(header.kid).not.toBe(oldKid);
    const { keys } = (await after.http().get('/.well-known/jwks.json')).body;
    expect(keys.map((key: { kid: string }) => key.kid)).toEqual([header.kid, oldKid]);
    expect(keys.map((key: { alg: string }) => key.alg)).toEqual(['RS256', 'ES256']);
    for (const key of keys) expect(key.d).toBeUndefined();

    const retired = await start([newKey], before.db);
    expect((await gql(retired, VIEWER, {}, { token: me.access })).errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    expect((await gql(retired, VIEWER, {}, { token: fresh.access })).errors).toBeUndefined();
  });

  it('when a token names no kid or an unknown one, it is refused', async () => {
    const app = await start([newKey, oldKey]);
    const me = await signUp(app);
    const claims = jwt.decode(me.access) as jwt.JwtPayload;
    const unknown = jwt.sign(claims, pemOf('ec'), { algorithm: 'ES256', keyid: 'not-ours' });
    const noKid = jwt.sign(claims, oldKey, { algorithm: 'ES256' });
    for (const token of [unknown, noKid, 'eyJhbGciOi.e30.x', 'x.y.z']) {
      expect((await gql(app, VIEWER, {}, { token })).errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    }
  });
});

describe('/.well-known', () => {
  let t: TestApp;
  beforeAll(async () => {
    // A built web client, whose SPA fallback would otherwise answer any GET with index.html.
    const dist = mkdtempSync(path.join(tmpdir(), 'inkwell-dist-'));
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Inkwell</title>');
    t = await startTestApp({ env: { CLIENT_DIST_DIR: dist } });
  });
  afterAll(() => t.close());

  it('answers 404 in the JSON envelope for a path that does not exist, not the web client', async () => {
    for (const path of ['/.well-known/openid-configuration', '/.well-known/security.txt', '/.well-known/']) {
      const res = await t.http().get(path).set('Accept', 'text/html,*/*');
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/application\/json/);
      expect(res.body).toMatchObject({ data: null, error: { code: 'NOT_FOUND' } });
    }
    expect((await t.http().get('/.well-known/jwks.json')).status).toBe(200);
  });
});
