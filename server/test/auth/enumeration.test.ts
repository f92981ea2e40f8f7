import { gql, PASSWORD, register, uniqueEmail } from '../support/auth';
import { startTestApp, type TestApp } from '../support/test-app';

const LOGIN = 'mutation Login($input: LoginInput!) { login(input: $input) { accessToken } }';
const REGISTER = 'mutation Register($input: RegisterInput!) { register(input: $input) { user { id } } }';

type Credentials = { email: string; password: string };

const loginRest = (t: TestApp, credentials: Credentials) => t.http().post('/api/v1/auth/token/').send(credentials);
const registerRest = (t: TestApp, credentials: Credentials) =>
  t.http().post('/api/v1/auth/register/').send(credentials);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function timedLogin(t: TestApp, credentials: Credentials) {
  const started = process.hrtime.bigint();
  const res = await loginRest(t, credentials);
  expect(res.status).toBe(401);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

describe('account enumeration and password handling', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      env: { RATE_LIMIT_LOGIN: '1000/1m', RATE_LIMIT_LOGIN_FAILURES: '1000/15m', RATE_LIMIT_REGISTER: '1000/1h' },
    });
  });
  afterAll(() => t.close());

  describe('unknown email vs wrong password', () => {
    it('when the email is unknown or the password wrong, REST answers exactly the same', async () => {
      const user = await register(t);

      const unknown = await loginRest(t, { email: uniqueEmail('nobody'), password: PASSWORD });
      const wrong = await loginRest(t, { email: user.email, password: 'wrong password here' });

      expect(unknown.status).toBe(401);
      expect(wrong.status).toBe(unknown.status);
      expect(wrong.body.error).toEqual(unknown.body.error);
      expect(unknown.body.error).toEqual({ code: 'UNAUTHENTICATED', message: expect.any(String) });
      expect(unknown.body.error.message).not.toMatch(/exist|found|unknown|registered/i);
    });

    it('when the email is unknown or the password wrong, GraphQL answers exactly the same', async () => {
      const user = await register(t);

      const unknown = await gql(t, LOGIN, { input: { email: uniqueEmail('nobody'), password: PASSWORD } });
      const wrong = await gql(t, LOGIN, { input: { email: user.email, password: 'wrong password here' } });

      expect(wrong.status).toBe(unknown.status);
      const strip = (res: typeof unknown) =>
        res.errors!.map(({ message, extensions: { code, status } }) => ({ message, code, status }));
      expect(strip(wrong)).toEqual(strip(unknown));
      expect(strip(unknown)).toEqual([{ message: expect.any(String), code: 'UNAUTHENTICATED', status: 401 }]);
      // Same words on both doors.
      const rest = await loginRest(t, { email: uniqueEmail('nobody'), password: PASSWORD });
      expect(unknown.errors![0]!.message).toBe(rest.body.error.message);
    });

    it('when timed, an unknown email and a wrong password take about as long (both verify one hash)', async () => {
      const user = await register(t);
      const wrong = { email: user.email, password: 'wrong password here' };
      const unknown = () => ({ email: uniqueEmail('nobody'), password: 'wrong password here' });
      await timedLogin(t, wrong); // warm-up: connections, JIT, argon2 memory
      await timedLogin(t, unknown());

      const wrongTimes: number[] = [];
      const unknownTimes: number[] = [];
      for (let i = 0; i < 5; i += 1) {
        wrongTimes.push(await timedLogin(t, wrong));
        unknownTimes.push(await timedLogin(t, unknown()));
      }

      const [a, b] = [median(wrongTimes), median(unknownTimes)];
      expect(Math.max(a, b) / Math.min(a, b)).toBeLessThan(3);
    });
  });

  describe('passwords are used exactly as sent', () => {
    it('when a password has leading and trailing spaces, only the exact string signs in', async () => {
      const user = await register(t, uniqueEmail('spaces'), ' pass word 1 ');

      const trimmed = await loginRest(t, { email: user.email, password: 'pass word 1' });
      const exact = await loginRest(t, { email: user.email, password: ' pass word 1 ' });

      expect(trimmed.status).toBe(401);
      expect(trimmed.body.error.code).toBe('UNAUTHENTICATED');
      expect(exact.status).toBe(200);
    });

    it('when a password is 128 characters it is accepted on both doors, 129 is refused with BAD_USER_INPUT', async () => {
      const max = 'p'.repeat(127) + '!';
      const tooLong = max + 'x';
      const user = await register(t, uniqueEmail('long'), max);
      expect((await loginRest(t, { email: user.email, password: max })).status).toBe(200);
      expect((await gql(t, LOGIN, { input: { email: user.email, password: max } })).errors).toBeUndefined();

      const restRegister = await registerRest(t, { email: uniqueEmail('long'), password: tooLong });
      const graphqlRegister = await gql(t, REGISTER, { input: { email: uniqueEmail('long'), password: tooLong } });
      const restLogin = await loginRest(t, { email: user.email, password: tooLong });
      const graphqlLogin = await gql(t, LOGIN, { input: { email: user.email, password: tooLong } });

      for (const res of [restRegister, restLogin]) {
        expect(res.status).toBe(400);
        expect(res.body.error).toMatchObject({ code: 'BAD_USER_INPUT', details: { password: [expect.any(String)] } });
      }
      for (const res of [graphqlRegister, graphqlLogin]) {
        expect(res.errors?.[0]?.extensions).toMatchObject({
          code: 'BAD_USER_INPUT',
          details: { password: [expect.any(String)] },
        });
      }
    });

    it('when a password counts characters, 128 emoji are 128 characters, not 512 bytes', async () => {
      const password = '🔑'.repeat(128);
      const user = await register(t, uniqueEmail('emoji'), password);

      expect((await loginRest(t, { email: user.email, password })).status).toBe(200);
      expect((await registerRest(t, { email: uniqueEmail('emoji'), password: password + '🔑' })).status).toBe(400);
    });

    it('when a login password is over 128 characters, it is refused before any hashing (no failure is counted)', async () => {
      const strict = await startTestApp({ env: { RATE_LIMIT_LOGIN_FAILURES: '2/15m', RATE_LIMIT_LOGIN: '100/1m' } });
      try {
        const user = await register(strict);
        for (let i = 0; i < 4; i += 1) {
          const res = await loginRest(strict, { email: user.email, password: 'x'.repeat(129) });
          expect(res.status).toBe(400);
          expect(res.body.error.code).toBe('BAD_USER_INPUT');
        }

        // Had any of them reached the password check, the account would now be locked.
        expect((await loginRest(strict, user)).status).toBe(200);
      } finally {
        await strict.close();
      }
    });

    it('when a new password is 7 characters it is refused on both doors; 8 is accepted', async () => {
      const rest = await registerRest(t, { email: uniqueEmail('short'), password: '1234567' });
      const graphql = await gql(t, REGISTER, { input: { email: uniqueEmail('short'), password: '1234567' } });
      const eight = await registerRest(t, { email: uniqueEmail('short'), password: '12345678' });

      expect(rest.status).toBe(400);
      expect(rest.body.error).toMatchObject({ code: 'BAD_USER_INPUT', details: { password: [expect.any(String)] } });
      expect(graphql.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        details: { password: [expect.any(String)] },
      });
      expect(eight.status).toBe(201);
    });
  });
});
