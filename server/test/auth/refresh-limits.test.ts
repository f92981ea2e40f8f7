import { login, PASSWORD, register, signUp } from '../support/auth';
import { startTestApp, type TestApp } from '../support/test-app';

const OFFICE = '203.0.113.7';

describe('refresh respects shared addresses', () => {
  const apps: TestApp[] = [];
  const app = async (env: Record<string, string> = {}) => {
    const t = await startTestApp({ env: { TRUST_PROXY: '1', RATE_LIMIT_LOGIN: '1000/1m', ...env } });
    apps.push(t);
    return t;
  };
  afterAll(() => Promise.all(apps.map((t) => t.close())));

  const refreshFrom = (t: TestApp, refresh?: string, address = OFFICE) =>
    t
      .http()
      .post('/api/v1/auth/refresh/')
      .set('X-Forwarded-For', address)
      .send(refresh === undefined ? {} : { refresh });

  it('when a page load refreshes without any token, it is not an error and counts against nobody', async () => {
    const t = await app({ RATE_LIMIT_REFRESH_ADDRESS: '3/1m', RATE_LIMIT_REFRESH: '3/1m' });
    const me = await signUp(t);

    const anonymous = await Promise.all(Array.from({ length: 20 }, () => refreshFrom(t)));

    expect(anonymous.map((res) => res.status)).toEqual(Array(20).fill(200));
    expect(anonymous[0]!.body).toMatchObject({ data: null, error: null });
    expect((await refreshFrom(t, me.refresh)).status).toBe(200);
  });

  it('when one session spends its refresh limit, another user behind the same address still refreshes', async () => {
    const t = await app({ RATE_LIMIT_REFRESH: '2/1m' });
    const greedy = await signUp(t);
    const neighbour = await signUp(t);
    let token = greedy.refresh;
    for (let i = 0; i < 2; i += 1) token = (await refreshFrom(t, token).expect(200)).body.data.refresh;

    const refused = await refreshFrom(t, token);
    const other = await refreshFrom(t, neighbour.refresh);

    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('RATE_LIMITED');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(other.status).toBe(200);
    // The limit follows the session, not the address: the greedy one is refused from anywhere.
    expect((await refreshFrom(t, token, '198.51.100.1')).status).toBe(429);
  });

  it('with the default limits, a hundred page loads a minute behind one address never reach a limit', async () => {
    const t = await app();
    const user = await register(t);
    const tabs = [await login(t, user, 'desk 1'), await login(t, user, 'desk 2')];
    const statuses: number[] = [];
    const tokens = tabs.map((tab) => tab.refresh);

    for (let load = 0; load < 100; load += 1) {
      // Every other load is a signed-in reload; the rest are anonymous visitors of the office.
      if (load % 2 === 0) {
        const index = (load / 2) % 2;
        const res = await refreshFrom(t, tokens[index]);
        statuses.push(res.status);
        if (res.status === 200) tokens[index] = res.body.data.refresh;
      } else {
        statuses.push((await refreshFrom(t)).status);
      }
    }

    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    expect(t.config.rateLimits.refreshAddress.max).toBeGreaterThanOrEqual(100);
  });

  it('when a user signs in, a readable hint cookie says so; signing out clears it', async () => {
    const t = await app();
    const user = await register(t);
    const agent = t.http();

    const signedIn = await agent.post('/api/v1/auth/token/').send({ email: user.email, password: PASSWORD });
    const hint = ([] as string[])
      .concat(signedIn.headers['set-cookie'] ?? [])
      .find((c) => c.startsWith('inkwell_signed_in='));
    expect(hint).toMatch(/^inkwell_signed_in=1;/);
    expect(hint).not.toMatch(/HttpOnly/i);
    expect(hint).toMatch(/Path=\/;/);

    const out = await agent
      .post('/api/v1/auth/logout/')
      .set('X-Requested-With', 'XMLHttpRequest')
      .set('Authorization', `Bearer ${signedIn.body.data.access}`)
      .send({});
    const cleared = ([] as string[])
      .concat(out.headers['set-cookie'] ?? [])
      .find((c) => c.startsWith('inkwell_signed_in='));
    expect(cleared).toMatch(/Expires=Thu, 01 Jan 1970/);
  });

  it('when a cookie refresh fails for good, the cookie and its hint are cleared; a refused-by-limit one keeps them', async () => {
    const t = await app({ RATE_LIMIT_REFRESH: '1/1m' });
    const user = await register(t);
    const agent = t.http();
    await agent.post('/api/v1/auth/token/').send({ email: user.email, password: PASSWORD }).expect(200);
    const cookieRefresh = () => agent.post('/api/v1/auth/refresh/').set('X-Requested-With', 'XMLHttpRequest').send({});
    const hintOf = (res: { headers: Record<string, unknown> }) =>
      ([] as string[])
        .concat((res.headers['set-cookie'] as string[] | undefined) ?? [])
        .find((c) => c.startsWith('inkwell_signed_in='));

    expect((await cookieRefresh()).status).toBe(200);
    const limited = await cookieRefresh();
    expect(limited.status).toBe(429);
    expect(hintOf(limited)).toBeUndefined();

    // Another session of the same user (its own limit), signed out elsewhere.
    const other = await login(t, user, 'tablet');
    await t.http().post('/api/v1/auth/logout/').set('Authorization', `Bearer ${other.access}`).send({});
    const revoked = await t
      .http()
      .post('/api/v1/auth/refresh/')
      .set('X-Requested-With', 'XMLHttpRequest')
      .set('Cookie', `inkwell_refresh=${other.refresh}`)
      .send({});
    expect(revoked.status).toBe(401);
    expect(hintOf(revoked)).toMatch(/Expires=Thu, 01 Jan 1970/);
  });
});
