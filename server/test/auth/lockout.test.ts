import type request from 'supertest';
import { PASSWORD, register } from '../support/auth';
import { startTestApp, type TestApp } from '../support/test-app';

const LOGIN = 'mutation Login($input: LoginInput!) { login(input: $input) { accessToken session { id } } }';

describe('a flood of wrong passwords cannot lock the owner out (device cookies)', () => {
  let t: TestApp;
  let address = 0;
  /** A different client address per call, through the trusted proxy's X-Forwarded-For. */
  const nextAddress = () => `198.51.${Math.floor(++address / 250)}.${address % 250}`;

  beforeAll(async () => {
    t = await startTestApp({ env: { TRUST_PROXY: '1', RATE_LIMIT_LOGIN_FAILURES: '10/15m' } });
  });
  afterAll(() => t.close());

  const loginFrom = (agent: request.Agent, email: string, password: string) =>
    agent.post('/api/v1/auth/token/').set('X-Forwarded-For', nextAddress()).send({ email, password });

  async function floodWrongPasswords(email: string, count = 50) {
    const statuses = await Promise.all(
      Array.from({ length: count }, () => loginFrom(t.http(), email, 'wrong password!!').then((res) => res.status)),
    );
    // Each address tried once: the per-address limits never fire; the account's counter does.
    expect(statuses.filter((status) => status === 401).length).toBeGreaterThanOrEqual(10);
    expect(new Set(statuses)).toEqual(new Set([401, 429]));
  }

  it('when 50 wrong passwords come from 50 addresses, the owner still signs in from a device that signed in before, and a new device is throttled', async () => {
    const { email } = await register(t);
    const laptop = t.http();
    const first = await loginFrom(laptop, email, PASSWORD);
    expect(first.status).toBe(200);
    const setCookies = ([] as string[]).concat(first.headers['set-cookie'] ?? []);
    expect(setCookies.find((c) => c.startsWith('inkwell_device='))).toMatch(/HttpOnly/i);
    expect(setCookies.find((c) => c.startsWith('inkwell_device='))).toMatch(/Path=\/api\/v1;/);

    await floodWrongPasswords(email);

    const owner = await loginFrom(laptop, email, PASSWORD);
    expect(owner.status).toBe(200);
    const stranger = await loginFrom(t.http(), email, PASSWORD);
    expect(stranger.status).toBe(429);
    expect(stranger.body.error.code).toBe('RATE_LIMITED');
    expect(stranger.headers['retry-after']).toBeDefined();
  });

  it('when the owner signs in through GraphQL from a known device during a flood, it works too', async () => {
    const { email } = await register(t);
    const phone = t.http();
    const first = await phone
      .post('/api/v1/graphql')
      .set('X-Forwarded-For', nextAddress())
      .send({ query: LOGIN, variables: { input: { email, password: PASSWORD } } });
    expect(first.body.errors).toBeUndefined();

    await floodWrongPasswords(email);

    const res = await phone
      .post('/api/v1/graphql')
      .set('X-Forwarded-For', nextAddress())
      .send({ query: LOGIN, variables: { input: { email, password: PASSWORD } } });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.login.accessToken).toEqual(expect.any(String));
  });

  it('when a device cookie is forged, copied to another account or tampered with, it proves nothing', async () => {
    const victim = await register(t);
    const attacker = await register(t);
    const attackerDevice = t.http();
    await loginFrom(attackerDevice, attacker.email, PASSWORD).expect(200);

    await floodWrongPasswords(victim.email);

    // The attacker's genuine device cookie is for their own account only.
    expect((await loginFrom(attackerDevice, victim.email, PASSWORD)).status).toBe(429);
    const forged = await t
      .http()
      .post('/api/v1/auth/token/')
      .set('X-Forwarded-For', nextAddress())
      .set('Cookie', 'inkwell_device=AAAAAAAAAAAAAAAAAAAAAAAA.forgedmacforgedmacforgedmacforgedmac123')
      .send({ email: victim.email, password: PASSWORD });
    expect(forged.status).toBe(429);
  });

  it('when a known device keeps guessing, it is limited on its own and the account is not', async () => {
    const { email } = await register(t);
    const laptop = t.http();
    await loginFrom(laptop, email, PASSWORD).expect(200);
    const desktop = t.http();
    await loginFrom(desktop, email, PASSWORD).expect(200);

    for (let i = 0; i < 10; i += 1) expect((await loginFrom(laptop, email, 'wrong password!!')).status).toBe(401);

    expect((await loginFrom(laptop, email, PASSWORD)).status).toBe(429);
    expect((await loginFrom(desktop, email, PASSWORD)).status).toBe(200);
    expect((await loginFrom(t.http(), email, PASSWORD)).status).toBe(200);
  });
});
