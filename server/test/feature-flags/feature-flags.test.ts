import { gql, PASSWORD, uniqueEmail } from '../support/auth';
import { CLOSED_PORT, testEnv } from '../support/env';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-database';
import { startReplica, startTestApp, type TestApp } from '../support/test-app';
import { GENEROUS_LIMITS, signUpAdmin, signUpAuthor, startPostsApp, type Author } from '../posts/posts-support';

const withServices = testEnv.embedded ? it.skip : it;

const FLAGS = '{ featureFlags { key enabled description } }';
const SET = `mutation ($input: SetFeatureFlagInput!) { setFeatureFlag(input: $input) { featureFlag { key enabled } } }`;
const REGISTER = `mutation ($input: RegisterInput!) { register(input: $input) { user { id } } }`;

describe('feature flags', () => {
  // Flags are global to a database: this file flips them in one of its own.
  let database: ScratchDatabase;
  let t: TestApp;
  let admin: Author;
  let author: Author;
  beforeAll(async () => {
    database = await scratchDatabase('flags');
    t = await startPostsApp({ databaseUrl: database.url });
    [admin, author] = await Promise.all([signUpAdmin(t), signUpAuthor(t)]);
  });
  afterEach(async () => {
    await t.db('feature_flags').del();
    await t.store.del('feature-flags:v1');
  });
  afterAll(async () => {
    await t.close();
    await database.drop();
  });

  it('lists every flag with its default from the environment', async () => {
    const res = await gql(t, FLAGS);
    expect(res.data).toEqual({
      featureFlags: [{ key: 'registration', enabled: true, description: expect.any(String) }],
    });
    const closed = await startTestApp({ env: { FEATURE_REGISTRATION: 'false' } });
    try {
      expect((await gql(closed, FLAGS)).data).toMatchObject({
        featureFlags: [{ key: 'registration', enabled: false }],
      });
    } finally {
      await closed.close();
    }
  });

  it('lets only admins change a flag', async () => {
    const input = { key: 'registration', enabled: false };
    expect((await gql(t, SET, { input })).errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    expect((await gql(t, SET, { input }, { token: author.access })).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect((await gql(t, FLAGS)).data).toMatchObject({ featureFlags: [{ enabled: true }] });
    const res = await gql(t, SET, { input }, { token: admin.access });
    expect(res.data).toEqual({ setFeatureFlag: { featureFlag: { key: 'registration', enabled: false } } });
  });

  it('refuses unknown keys and bad input with BAD_USER_INPUT', async () => {
    for (const input of [
      { key: 'time-travel', enabled: true },
      { key: 'x'.repeat(65), enabled: true },
    ]) {
      const res = await gql(t, SET, { input }, { token: admin.access });
      expect(res.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        details: { key: expect.any(Array) },
      });
    }
    const missing = await gql(t, SET, { input: { key: 'registration' } }, { token: admin.access });
    expect(missing.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    const wrongType = await gql(t, SET, { input: { key: 'registration', enabled: 'yes' } }, { token: admin.access });
    expect(wrongType.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
  });

  withServices(
    'a flip takes effect on every replica at once, without a restart: registration closes on both doors',
    async () => {
      const replica = await startReplica(t);
      try {
        const registerRest = () =>
          replica.http().post('/api/v1/auth/register/').send({ email: uniqueEmail(), password: PASSWORD });
        const registerGql = () =>
          replica
            .http()
            .post('/api/v1/graphql')
            .set('Content-Type', 'application/json')
            .send({
              query: REGISTER,
              variables: { input: { email: uniqueEmail(), password: PASSWORD, displayName: 'N' } },
            });

        expect((await registerRest()).status).toBe(201);
        expect((await registerGql()).body.data.register.user.id).toEqual(expect.any(String));

        // the admin talks to the other replica
        await gql(t, SET, { input: { key: 'registration', enabled: false } }, { token: admin.access });

        const rest = await registerRest();
        expect(rest.status).toBe(403);
        expect(rest.body.error.code).toBe('FORBIDDEN');
        const graphql = await registerGql();
        expect(graphql.body.errors[0].extensions.code).toBe('FORBIDDEN');
        const flags = await replica
          .http()
          .post('/graphql')
          .set('Content-Type', 'application/json')
          .send({ query: FLAGS });
        expect(flags.body.data.featureFlags[0].enabled).toBe(false);

        await gql(t, SET, { input: { key: 'registration', enabled: true } }, { token: admin.access });
        expect((await registerRest()).status).toBe(201);
      } finally {
        await replica.close();
      }
    },
  );

  it('a stored value wins over the environment default', async () => {
    await gql(t, SET, { input: { key: 'registration', enabled: false } }, { token: admin.access });
    expect(await t.app.services.featureFlags.isEnabled('registration')).toBe(false);
    expect(await t.app.services.featureFlags.isEnabled('unknown-flag')).toBe(false);
  });
});

describe('feature flags when a dependency is down', () => {
  withServices('keep working from PostgreSQL when Redis is down', async () => {
    const t = await startTestApp({ ...{ env: GENEROUS_LIMITS }, redisUrl: `redis://127.0.0.1:${CLOSED_PORT}` });
    try {
      const res = await gql(t, FLAGS);
      expect(res.errors).toBeUndefined();
      expect(res.data).toMatchObject({ featureFlags: [{ key: 'registration', enabled: true }] });
    } finally {
      await t.close();
    }
  });

  withServices('answer SERVICE_UNAVAILABLE when PostgreSQL is down (and nothing is cached)', async () => {
    const t = await startTestApp({ databaseUrl: `postgres://postgres@127.0.0.1:${CLOSED_PORT}/postgres` });
    try {
      const res = await gql(t, FLAGS);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', status: 503 });
    } finally {
      await t.close();
    }
  });
});
