import { register, uniqueEmail } from '../support/auth';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * "Forgot password" does the same work for an address with an account and one without, so its
 * answer time cannot tell them apart (bench/forgot-password.bench.ts measures the times). This
 * app runs no jobs: all the SQL seen during a request is the request's own.
 */
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ env: { RATE_LIMIT_PASSWORD_FORGOT: '100/15m', RATE_LIMIT_REGISTER: '100/1h' } });
});
afterAll(async () => {
  await t.close();
});

async function statementsOf(email: string): Promise<string[]> {
  const statements: string[] = [];
  const record = (query: { sql: string }) => statements.push(query.sql);
  t.db.on('query', record);
  try {
    const answer = await t.http().post('/api/v1/auth/password/forgot/').send({ email });
    expect(answer.status).toBe(202);
  } finally {
    t.db.off('query', record);
  }
  return statements;
}

const outboxRowsFor = (email: string) =>
  t.db('outbox').where({ name: 'credentials.password-reset' }).whereRaw("payload->>'email' = ?", [email]);

describe('forgot password, on the request path', () => {
  it('runs the same statements for a known and an unknown address: one outbox row, no lookup', async () => {
    const known = await register(t);
    const unknown = uniqueEmail('nobody');

    const forKnown = await statementsOf(known.email);
    const forUnknown = await statementsOf(unknown);

    expect(forKnown).toEqual(forUnknown);
    expect(forKnown.some((sql) => /insert into "outbox"/i.test(sql))).toBe(true);
    expect(forKnown.some((sql) => /"users"|email_tokens/i.test(sql))).toBe(false);
    expect(await outboxRowsFor(known.email)).toHaveLength(1);
    expect(await outboxRowsFor(unknown)).toHaveLength(1);
    // No token yet: the worker issues it, off the request path.
    const [user] = await t.db('users').where({ email: known.email });
    expect(await t.db('email_tokens').where({ user_id: user.id, purpose: 'reset_password' })).toHaveLength(0);
  });
});
