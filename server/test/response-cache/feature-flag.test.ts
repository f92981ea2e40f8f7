import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { Agent } from 'supertest';
import { createDatabase, migrateLatest } from '../../src/platform/db/database';
import { gql } from '../support/auth';
import { testEnv } from '../support/env';
import { startReplica, type Replica, type TestApp } from '../support/test-app';
import { signUpAdmin, startPostsApp } from '../posts/posts-support';

const FLAGS = 'query Flags { featureFlags { key enabled } }';
const SET_FLAG =
  'mutation ($on: Boolean!) { setFeatureFlag(input: {key: "registration", enabled: $on}) { featureFlag { enabled } } }';

/**
 * Flags are global: flipping one in the run's shared database would close registration under the
 * other test files. With real services this file gets a database of its own.
 */
async function ownDatabase(): Promise<{ url?: string; drop(): Promise<void> }> {
  if (testEnv.embedded) return { drop: async () => {} };
  const name = `inkwell_test_flags_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: testEnv.adminDatabaseUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(testEnv.adminDatabaseUrl!);
  url.pathname = `/${name}`;
  const db = createDatabase({ url: url.toString(), dataDir: '' });
  await migrateLatest(db);
  await db.destroy();
  return {
    url: url.toString(),
    async drop() {
      const cleanup = new Client({ connectionString: testEnv.adminDatabaseUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

const flags = (http: Agent) =>
  http.post('/api/v1/graphql').set('Content-Type', 'application/json').send({ query: FLAGS });

describe('the response cache and feature flags', () => {
  let database: Awaited<ReturnType<typeof ownDatabase>>;
  let t: TestApp;
  let replica: Replica;

  beforeAll(async () => {
    database = await ownDatabase();
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
