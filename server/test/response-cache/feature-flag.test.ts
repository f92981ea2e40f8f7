import type { Agent } from 'supertest';
import { gql } from '../support/auth';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-database';
import { startReplica, type Replica, type TestApp } from '../support/test-app';
import { signUpAdmin, startPostsApp } from '../posts/posts-support';

const FLAGS = 'query Flags { featureFlags { key enabled } }';
const SET_FLAG =
  'mutation ($on: Boolean!) { setFeatureFlag(input: {key: "registration", enabled: $on}) { featureFlag { enabled } } }';

const flags = (http: Agent) =>
  http.post('/api/v1/graphql').set('Content-Type', 'application/json').send({ query: FLAGS });

describe('the response cache and feature flags', () => {
  let database: ScratchDatabase;
  let t: TestApp;
  let replica: Replica;

  beforeAll(async () => {
    database = await scratchDatabase('flags');
    t = await startPostsApp({ databaseUrl: database.url });
    replica = await startReplica(t);
  });

  afterAll(async () => {
    await replica.close();
    await t.close();
    await database.drop();
  });

  it('a flag set on one replica is what the next cached read on the other shows', async () => {
    const admin = await signUpAdmin(t);
    await flags(replica.http());
    const cached = await flags(replica.http());
    expect(cached.headers['x-cache']).toBe('HIT');
    expect(cached.body.data.featureFlags).toEqual([{ key: 'registration', enabled: true }]);
    await gql(t, SET_FLAG, { on: false }, { token: admin.access });
    const after = await flags(replica.http());
    expect(after.headers['x-cache']).toBe('MISS');
    expect(after.body.data.featureFlags).toEqual([{ key: 'registration', enabled: false }]);
  });
});
