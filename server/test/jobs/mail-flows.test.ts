import { gql, login, PASSWORD, register, uniqueEmail } from '../support/auth';
import { eventually, SmtpCapture, tokenFrom } from '../support/smtp-capture';
import { startTestApp, type TestApp } from '../support/test-app';

let smtp: SmtpCapture;
let t: TestApp;
let now = Date.now();
const clock = { now: () => now };

beforeAll(async () => {
  smtp = await new SmtpCapture().start();
  t = await startTestApp({
    jobs: { smtpUrl: smtp.url },
    clock,
    env: {
      PUBLIC_URL: 'https://blog.example.test',
      RATE_LIMIT_PASSWORD_FORGOT: '100/15m',
      RATE_LIMIT_REGISTER: '1000/1h',
      RATE_LIMIT_LOGIN: '1000/1m',
      RATE_LIMIT_PASSWORD_FORGOT_EMAIL: '50/1h',
    },
  });
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});
beforeEach(() => {
  now = Date.now();
});

const mailTo = (email: string, subject: RegExp, count = 1) =>
  eventually(
    () => {
      const found = smtp.to(email).filter((mail) => subject.test(mail.subject));
      return found.length >= count ? found : undefined;
    },
    15_000,
    `mail "${subject}" to ${email}`,
  );

const forgot = (email: string) => t.http().post('/api/v1/auth/password/forgot/').send({ email });

describe('registration', () => {
  it('mails a verification link that confirms the address once', async () => {
    const { email } = await register(t);
    const [mail] = await mailTo(email, /confirm your email/i);
    expect(mail!.text).toContain('https://blog.example.test/verify-email?token=');
    expect(mail!.html).toContain('https://blog.example.test/verify-email?token=');

    const signedIn = await login(t, { email, password: PASSWORD });
    const before = await gql(t, '{ viewer { user { emailVerified } } }', {}, { token: signedIn.access });
    expect(before.data).toEqual({ viewer: { user: { emailVerified: false } } });

    const verified = await t
      .http()
      .post('/api/v1/auth/email/verify/')
      .send({ token: tokenFrom(mail!, '/verify-email') });
    expect(verified.status).toBe(200);
    expect(verified.body.data.user).toMatchObject({ email, email_verified: true });
    const after = await gql(t, '{ viewer { user { emailVerified } } }', {}, { token: signedIn.access });
    expect(after.data).toEqual({ viewer: { user: { emailVerified: true } } });

    const again = await t
      .http()
      .post('/api/v1/auth/email/verify/')
      .send({ token: tokenFrom(mail!, '/verify-email') });
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe('INVALID_TOKEN');
  });

  it('answers an existing address exactly like a new one, and mails its owner instead', async () => {
    const email = uniqueEmail('taken');
    const first = await t
      .http()
      .post('/api/v1/auth/register/')
      .send({ email, password: PASSWORD, display_name: 'Ann' });
    const second = await t
      .http()
      .post('/api/v1/auth/register/')
      .send({ email, password: PASSWORD, display_name: 'Ann' });
    expect(second.status).toBe(first.status);
    expect(Object.keys(second.body.data.user).sort()).toEqual(Object.keys(first.body.data.user).sort());
    expect(second.body.data.user).toMatchObject({ email, display_name: 'Ann' });
    expect(second.body.error).toBeNull();

    await mailTo(email, /someone tried to register/i);
    await mailTo(email, /confirm your email/i);
    expect(smtp.to(email)).toHaveLength(2);
  });

  it('says nothing to another user about emailVerified', async () => {
    const owner = await register(t);
    const stranger = await login(t, await register(t));
    const res = await gql(
      t,
      'query ($id: ID!) { node(id: $id) { ... on User { emailVerified } } }',
      { id: owner.userId },
      {
        token: stranger.access,
      },
    );
    expect(res.data).toEqual({ node: { emailVerified: null } });
  });
});

describe('password reset', () => {
  it('answers an unknown address like a known one and sends it nothing', async () => {
    const known = await register(t);
    const unknown = uniqueEmail('nobody');
    const forUnknown = await forgot(unknown);
    const forKnown = await forgot(known.email);
    expect(forUnknown.status).toBe(202);
    expect(forKnown.status).toBe(202);
    expect(forUnknown.body.data).toEqual(forKnown.body.data);
    await mailTo(known.email, /reset your inkwell password/i);
    const rows = await t
      .db('outbox')
      .whereRaw("payload->>'to' = ?", [unknown])
      .count<{ count: string }[]>('* as count');
    expect(Number(rows[0]!.count)).toBe(0);
    expect(smtp.to(unknown)).toHaveLength(0);
  });

  it('works once, sets the password, and signs every session out', async () => {
    const user = await register(t);
    const phone = await login(t, user, 'phone');
    const laptop = await login(t, user, 'laptop');
    await forgot(user.email);
    const [mail] = await mailTo(user.email, /reset your inkwell password/i);
    const token = tokenFrom(mail!, '/reset-password');
    const newPassword = 'a brand new passphrase';

    const reset = await t.http().post('/api/v1/auth/password/reset/').send({ token, password: newPassword });
    expect(reset.status).toBe(200);
    expect(reset.body.data).toEqual({ revoked_sessions: 2 });

    for (const session of [phone, laptop]) {
      const refreshed = await t.http().post('/api/v1/auth/refresh/').send({ refresh: session.refresh });
      expect(refreshed.body.error.code).toBe('SESSION_REVOKED');
      const viewer = await gql(t, '{ viewer { email } }', {}, { token: session.access });
      expect(viewer.errors?.[0]?.extensions.code).toBe('SESSION_REVOKED');
    }
    await expect(login(t, user)).rejects.toThrow(/401/);
    await login(t, { email: user.email, password: newPassword });

    const reused = await gql(
      t,
      'mutation ($input: ResetPasswordInput!) { resetPassword(input: $input) { revokedSessions } }',
      { input: { token, newPassword: 'yet another passphrase' } },
    );
    expect(reused.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_TOKEN', status: 400 });
  });

  it('expires after 30 minutes', async () => {
    const user = await register(t);
    await forgot(user.email);
    const [mail] = await mailTo(user.email, /reset your inkwell password/i);
    now += 31 * 60_000;
    const res = await t
      .http()
      .post('/api/v1/auth/password/reset/')
      .send({ token: tokenFrom(mail!, '/reset-password'), password: 'a brand new passphrase' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_TOKEN');
  });

  it('kills every other reset link once one of them is used', async () => {
    const user = await register(t);
    await forgot(user.email);
    await forgot(user.email);
    const [first, second] = await mailTo(user.email, /reset your inkwell password/i, 2);
    const used = await t
      .http()
      .post('/api/v1/auth/password/reset/')
      .send({ token: tokenFrom(second!, '/reset-password'), password: 'a brand new passphrase' });
    expect(used.status).toBe(200);
    const stale = await t
      .http()
      .post('/api/v1/auth/password/reset/')
      .send({ token: tokenFrom(first!, '/reset-password'), password: 'another new passphrase' });
    expect(stale.body.error.code).toBe('INVALID_TOKEN');
  });

  it('refuses bad input with field details and unknown tokens with INVALID_TOKEN', async () => {
    const noEmail = await t.http().post('/api/v1/auth/password/forgot/').send({ email: 'not-an-email' });
    expect(noEmail.status).toBe(400);
    expect(noEmail.body.error.details).toHaveProperty('email');
    const short = await t.http().post('/api/v1/auth/password/reset/').send({ token: 'x', password: 'short' });
    expect(short.status).toBe(400);
    expect(short.body.error.details).toHaveProperty('password');
    const unknown = await t
      .http()
      .post('/api/v1/auth/password/reset/')
      .send({ token: 'made-up-token', password: 'a brand new passphrase' });
    expect(unknown.body.error.code).toBe('INVALID_TOKEN');
    const gqlForgot = await gql(
      t,
      'mutation { requestPasswordReset(input: {email: "nobody@example.test"}) { accepted } }',
    );
    expect(gqlForgot.data).toEqual({ requestPasswordReset: { accepted: true } });
  });
});

describe('sign-in alerts', () => {
  it('mails the owner when a new device signs in, not for a known one', async () => {
    const user = await register(t);
    await login(t, user, 'laptop');
    await login(t, user, 'laptop');
    await login(t, user, 'a new phone');
    const [alert] = await mailTo(user.email, /new sign-in/i);
    expect(alert!.text).toContain('a new phone');
    expect(alert!.text).toContain('https://blog.example.test/account');
    expect(smtp.to(user.email).filter((mail) => /new sign-in/i.test(mail.subject))).toHaveLength(1);
  });
});

describe('the outbox', () => {
  it('sends nothing for a rolled-back transaction', async () => {
    const email = uniqueEmail('rollback');
    await expect(
      t.db.transaction(async (trx) => {
        await t.app.services.mail.queue(trx, email, 'registrationAttempt', { displayName: 'Nobody' });
        throw new Error('change failed');
      }),
    ).rejects.toThrow('change failed');
    const control = uniqueEmail('committed');
    await t.db.transaction((trx) =>
      t.app.services.mail.queue(trx, control, 'registrationAttempt', { displayName: 'C' }),
    );
    await mailTo(control, /someone tried/i);
    await t.app.services.outbox.relay();
    expect(smtp.to(email)).toHaveLength(0);
  });

  it('does not send twice when a row is relayed again', async () => {
    const email = uniqueEmail('twice');
    await t.db.transaction((trx) => t.app.services.mail.queue(trx, email, 'registrationAttempt', { displayName: 'T' }));
    await mailTo(email, /someone tried/i);
    await t.db('outbox').whereRaw("payload->>'to' = ?", [email]).update({ relayed_at: null, done_at: null });
    expect(await t.app.services.outbox.relay()).toBeGreaterThanOrEqual(1);
    const control = uniqueEmail('after');
    await t.db.transaction((trx) =>
      t.app.services.mail.queue(trx, control, 'registrationAttempt', { displayName: 'C' }),
    );
    await mailTo(control, /someone tried/i);
    expect(smtp.to(email)).toHaveLength(1);
  });
});

describe('data export', () => {
  it("mails the signed-in user's profile, posts and sessions as JSON, without secrets", async () => {
    const user = await register(t);
    const signedIn = await login(t, user, 'laptop');
    await gql(
      t,
      'mutation ($input: CreatePostInput!) { createPost(input: $input) { post { id } } }',
      { input: { title: 'Exported draft', body: 'Body text' } },
      { token: signedIn.access },
    );
    const res = await gql(t, 'mutation { requestDataExport { accepted } }', {}, { token: signedIn.access });
    expect(res.data).toEqual({ requestDataExport: { accepted: true } });
    const [mail] = await mailTo(user.email, /your inkwell data/i);
    const file = mail!.attachments.find((attachment) => attachment.filename === 'inkwell-export.json');
    const exported = JSON.parse(file!.content);
    expect(exported.profile.email).toBe(user.email);
    expect(exported.posts.map((post: { title: string }) => post.title)).toEqual(['Exported draft']);
    expect(exported.sessions[0].device).toBe('laptop');
    expect(file!.content).not.toMatch(/password_hash|jti_hash|\$argon2/);

    const anonymous = await gql(t, 'mutation { requestDataExport { accepted } }');
    expect(anonymous.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('limits', () => {
  it('limits reset requests per address, whatever the door, with Retry-After', async () => {
    const limited = await startTestApp({ env: { RATE_LIMIT_PASSWORD_FORGOT: '2/15m' } });
    try {
      const email = uniqueEmail('limited');
      expect((await limited.http().post('/api/v1/auth/password/forgot/').send({ email })).status).toBe(202);
      const viaGraphql = await gql(
        limited,
        'mutation { requestPasswordReset(input: {email: "x@example.test"}) { accepted } }',
      );
      expect(viaGraphql.data).toEqual({ requestPasswordReset: { accepted: true } });
      const third = await limited.http().post('/api/v1/auth/password/forgot/').send({ email });
      expect(third.status).toBe(429);
      expect(third.body.error.code).toBe('RATE_LIMITED');
      expect(third.headers['retry-after']).toBeDefined();
    } finally {
      await limited.close();
    }
  });
});
