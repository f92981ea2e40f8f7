import jwt from 'jsonwebtoken';
import { gql, login, refreshRest, signUp, VIEWER } from '../support/auth';
import { hashJti } from '../../src/modules/auth/token.service';
import { fromGlobalId } from '../../src/platform/ids/global-id';
import { ManualClock } from '../support/clock';
import { startTestApp, type TestApp } from '../support/test-app';

const jtiOf = (token: string) => (jwt.decode(token) as jwt.JwtPayload).jti as string;

describe('refresh token rotation', () => {
  const clock = new ManualClock();
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { REFRESH_REUSE_GRACE: '2', RATE_LIMIT_REFRESH: '1000/1m' }, clock });
  });
  afterAll(() => t.close());
  afterEach(() => clock.reset());

  const sessionRow = async (globalId: string) =>
    t
      .db('sessions')
      .where({ id: fromGlobalId(globalId)!.key })
      .first();

  it('rotates: a new refresh token and a working access token, same session', async () => {
    const me = await signUp(t);
    const res = await refreshRest(t, me.refresh);
    expect(res.status).toBe(200);
    const { access, refresh, session } = res.body.data;
    expect(refresh).not.toBe(me.refresh);
    expect(session.id).toBe(me.sessionId);
    expect((await gql(t, VIEWER, {}, { token: access })).errors).toBeUndefined();
    const row = await sessionRow(me.sessionId);
    expect(row.current_jti_hash).toBe(hashJti(jtiOf(refresh)));
    expect(row.previous_jti_hash).toBe(hashJti(jtiOf(me.refresh)));
  });

  it('never stores a raw token: only hashes', async () => {
    const me = await signUp(t);
    const row = await sessionRow(me.sessionId);
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(jtiOf(me.refresh));
    expect(stored).not.toContain(me.refresh);
  });

  it('hands the current successor back when the previous token is presented within the grace window', async () => {
    const me = await signUp(t);
    const first = await refreshRest(t, me.refresh);
    const again = await refreshRest(t, me.refresh);
    expect(again.status).toBe(200);
    expect(jtiOf(again.body.data.refresh)).toBe(jtiOf(first.body.data.refresh));
    // The chain did not fork: the successor still rotates normally.
    const next = await refreshRest(t, first.body.data.refresh);
    expect(next.status).toBe(200);
  });

  it('revokes the whole session when a rotated token is reused after the grace window', async () => {
    const me = await signUp(t);
    const rotated = await refreshRest(t, me.refresh);
    const access = rotated.body.data.access;
    clock.advance(2_300);
    const reuse = await refreshRest(t, me.refresh);
    expect(reuse.status).toBe(401);
    expect(reuse.body.error.code).toBe('REFRESH_REUSED');

    const viewer = await gql(t, VIEWER, {}, { token: access });
    expect(viewer.errors?.[0]?.extensions.code).toBe('SESSION_REVOKED');
    const successor = await refreshRest(t, rotated.body.data.refresh);
    expect(successor.body.error.code).toBe('SESSION_REVOKED');
    const row = await sessionRow(me.sessionId);
    expect(row.revoked_reason).toBe('refresh_reused');
    expect(t.logs.find((line) => line.event === 'security.refresh_token_reused')).not.toHaveLength(0);
  });

  it('treats any older token in the chain as reuse, even within the grace window', async () => {
    const me = await signUp(t);
    const second = await refreshRest(t, me.refresh);
    await refreshRest(t, second.body.data.refresh);
    const reuse = await refreshRest(t, me.refresh);
    expect(reuse.body.error.code).toBe('REFRESH_REUSED');
  });

  it('judges a token at logout as refresh does: its predecessor signs the owner out elsewhere within the grace window, not after', async () => {
    const me = await signUp(t);
    const phone = await login(t, me);
    await refreshRest(t, me.refresh);
    const logoutOthers = () => t.http().post('/api/v1/auth/logout/').send({ refresh: me.refresh, scope: 'others' });

    const withinGrace = await logoutOthers();
    expect(withinGrace.body.data).toEqual({ revoked_sessions: 1 });
    expect((await gql(t, VIEWER, {}, { token: phone.access })).errors?.[0]?.extensions.code).toBe('SESSION_REVOKED');

    const laptop = await login(t, me);
    clock.advance(2_300);
    const afterGrace = await logoutOthers();
    expect(afterGrace.status).toBe(401);
    expect(afterGrace.body.error.code).toBe('SESSION_REVOKED');
    expect((await gql(t, VIEWER, {}, { token: laptop.access })).errors).toBeUndefined();
  });

  it('twenty concurrent refreshes of one token mint exactly one successor and never fork', async () => {
    const me = await signUp(t);
    const results = await Promise.all(Array.from({ length: 20 }, () => refreshRest(t, me.refresh)));
    expect(results.map((res) => res.status)).toEqual(Array(20).fill(200));
    const successors = new Set(results.map((res) => jtiOf(res.body.data.refresh)));
    expect(successors.size).toBe(1);
    const row = await sessionRow(me.sessionId);
    expect(row.revoked_at).toBeNull();
    expect(row.previous_jti_hash).toBe(hashJti(jtiOf(me.refresh)));
    expect(row.current_jti_hash).toBe(hashJti([...successors][0]!));
    const next = await refreshRest(t, results[0]!.body.data.refresh);
    expect(next.status).toBe(200);
  });

  it('never extends the absolute lifetime: expires_at is fixed at login', async () => {
    const me = await signUp(t);
    const before = await sessionRow(me.sessionId);
    let refresh = me.refresh;
    for (let i = 0; i < 3; i += 1) {
      const res = await refreshRest(t, refresh);
      refresh = res.body.data.refresh;
      expect(new Date(res.body.data.session.expires_at).getTime()).toBe(before.expires_at.getTime());
      expect((jwt.decode(refresh) as jwt.JwtPayload).exp! * 1000).toBeLessThanOrEqual(before.expires_at.getTime());
    }
    expect((await sessionRow(me.sessionId)).expires_at.getTime()).toBe(before.expires_at.getTime());
  });

  it('rotates over GraphQL too', async () => {
    const me = await signUp(t);
    const res = await gql<{ refreshToken: { refreshToken: string; accessToken: string; session: { id: string } } }>(
      t,
      'mutation R($input: RefreshTokenInput!) { refreshToken(input: $input) { accessToken refreshToken expiresIn session { id isCurrent } } }',
      { input: { refreshToken: me.refresh } },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.refreshToken.session.id).toBe(me.sessionId);
    expect(res.data!.refreshToken.refreshToken).not.toBe(me.refresh);
  });
});

describe('session limits in time', () => {
  /**
   * Moves a session's clocks back instead of sleeping: PostgreSQL judges liveness with its own
   * now(), so the row is aged (as if `ms` had passed since it was last used / issued).
   */
  const age = (t: TestApp, sessionId: string, column: 'last_used_at' | 'expires_at', ms: number) =>
    t
      .db('sessions')
      .where({ id: fromGlobalId(sessionId)!.key })
      .update({ [column]: t.db.raw(`${column} - (? * interval '1 millisecond')`, [ms]) });

  it('expires a session idle for longer than SESSION_IDLE_TTL', async () => {
    const t = await startTestApp({ env: { SESSION_IDLE_TTL: '1' } });
    try {
      const me = await signUp(t);
      await age(t, me.sessionId, 'last_used_at', 1_500);
      const res = await refreshRest(t, me.refresh);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('TOKEN_EXPIRED');
    } finally {
      await t.close();
    }
  });

  it('refuses refresh past the absolute REFRESH_TOKEN_TTL even when used constantly', async () => {
    const t = await startTestApp({ env: { REFRESH_TOKEN_TTL: '2' } });
    try {
      const me = await signUp(t);
      const first = await refreshRest(t, me.refresh);
      expect(first.status).toBe(200);
      await age(t, me.sessionId, 'expires_at', 2_300);
      const late = await refreshRest(t, first.body.data.refresh);
      expect(late.status).toBe(401);
      expect(['TOKEN_EXPIRED', 'UNAUTHENTICATED']).toContain(late.body.error.code);
    } finally {
      await t.close();
    }
  });
});
