import jwt from 'jsonwebtoken';
import { gql, signUp, VIEWER, refreshRest, type SignedIn } from '../support/auth';
import { TEST_SECRETS } from '../support/env';
import { startTestApp, type TestApp } from '../support/test-app';

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('access and refresh token verification', () => {
  let t: TestApp;
  let me: SignedIn;
  let claims: jwt.JwtPayload;

  beforeAll(async () => {
    t = await startTestApp();
    me = await signUp(t);
    claims = jwt.decode(me.access) as jwt.JwtPayload;
  });
  afterAll(() => t.close());

  const forge = (
    overrides: Record<string, unknown> = {},
    options: jwt.SignOptions = {},
    secret = TEST_SECRETS.JWT_ACCESS_SECRET,
  ) => {
    const { iat: _iat, ...rest } = claims;
    return jwt.sign({ ...rest, ...overrides }, secret, { algorithm: 'HS256', ...options });
  };

  const viewerCode = async (token: string) => {
    const res = await gql(t, VIEWER, {}, { token });
    expect(res.data).toEqual({ viewer: null });
    return res.errors?.[0]?.extensions.code;
  };

  it('accepts the genuine access token', async () => {
    const res = await gql(t, VIEWER, {}, { token: me.access });
    expect(res.errors).toBeUndefined();
    expect(claims).toMatchObject({
      typ: 'access',
      iss: 'inkwell',
      aud: 'inkwell-api',
      sub: expect.any(String),
      sid: expect.any(String),
      tv: 1,
      jti: expect.any(String),
    });
    expect(claims.exp! - claims.iat!).toBe(900);
  });

  it('refuses alg "none"', async () => {
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
    expect(await viewerCode(unsigned)).toBe('UNAUTHENTICATED');
  });

  it('refuses another algorithm, even with the right secret', async () => {
    expect(await viewerCode(forge({}, { algorithm: 'HS512' }))).toBe('UNAUTHENTICATED');
  });

  it('refuses a token signed with another secret', async () => {
    expect(await viewerCode(forge({}, {}, 'x'.repeat(48)))).toBe('UNAUTHENTICATED');
  });

  it('refuses the wrong typ: a refresh token as access, or an access-secret token claiming refresh', async () => {
    expect(await viewerCode(me.refresh)).toBe('UNAUTHENTICATED');
    expect(await viewerCode(forge({ typ: 'refresh' }))).toBe('UNAUTHENTICATED');
    const asRefresh = await refreshRest(t, me.access);
    expect(asRefresh.status).toBe(401);
    expect(asRefresh.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a wrong issuer or audience', async () => {
    expect(await viewerCode(forge({ iss: 'someone-else' }))).toBe('UNAUTHENTICATED');
    expect(await viewerCode(forge({ aud: 'another-api' }))).toBe('UNAUTHENTICATED');
  });

  it('refuses an expired token with TOKEN_EXPIRED, but allows 30 s of clock skew', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect(await viewerCode(forge({ exp: now - 120 }))).toBe('TOKEN_EXPIRED');
    const skewed = await gql(t, VIEWER, {}, { token: forge({ exp: now - 10 }) });
    expect(skewed.errors).toBeUndefined();
  });

  it('accepts a token it already verified only until that token expires (plus the 30 s of skew)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = forge({ exp: now + 60, jti: 'remembered-until-expiry' });
    const first = await gql(t, VIEWER, {}, { token });
    expect(first.errors).toBeUndefined();
    const clock = jest.spyOn(Date, 'now');
    try {
      clock.mockReturnValue((now + 60 + 25) * 1000);
      expect((await gql(t, VIEWER, {}, { token })).errors).toBeUndefined();
      clock.mockReturnValue((now + 60 + 31) * 1000);
      expect(await viewerCode(token)).toBe('TOKEN_EXPIRED');
    } finally {
      clock.mockRestore();
    }
  });

  it('refuses an expired refresh token with TOKEN_EXPIRED', async () => {
    const refreshClaims = jwt.decode(me.refresh) as jwt.JwtPayload;
    const expired = jwt.sign(
      { ...refreshClaims, exp: Math.floor(Date.now() / 1000) - 120 },
      TEST_SECRETS.JWT_REFRESH_SECRET,
    );
    const res = await refreshRest(t, expired);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('TOKEN_EXPIRED');
  });

  it.each([
    ['garbage', 'not-a-token'],
    ['three dots', 'a.b.c'],
    ['a missing claim', ''],
  ])('refuses a malformed token (%s)', async (_label, token) => {
    const value = token || forge({ sid: undefined });
    expect(await viewerCode(value)).toBe('UNAUTHENTICATED');
  });
});
