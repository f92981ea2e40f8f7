import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadPersistedQueries, sha256 } from '../../src/platform/graphql/persisted-queries';
import { gql } from '../support/auth';
import { startTestApp, type TestApp } from '../support/test-app';

const FLAGS = 'query FlagsQuery { featureFlags { key enabled } }';
const NODE = 'query NodeQuery($id: ID!) { node(id: $id) { id } }';

function allowlist(entries: Record<string, string>): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'inkwell-pq-')), 'persisted-queries.json');
  fs.writeFileSync(file, JSON.stringify(entries));
  return file;
}

const ALLOWLIST = { [sha256(FLAGS)]: FLAGS, [sha256(NODE)]: NODE };

const post = (t: TestApp, body: object, graphqlPath = '/api/v1/graphql') =>
  t.http().post(graphqlPath).set('Content-Type', 'application/json').send(body);

describe('persisted queries', () => {
  it('the committed allowlist is valid', () => {
    expect(() => loadPersistedQueries(path.resolve(__dirname, '../../../schema/persisted-queries.json'))).not.toThrow();
  });

  it('refuses to load an allowlist whose ids are not the sha256 of their text', () => {
    expect(() => loadPersistedQueries(allowlist({ [sha256(FLAGS)]: NODE }))).toThrow(/sha256/);
    expect(() => loadPersistedQueries(allowlist({ abc: FLAGS }))).toThrow(/sha256/);
    // The web client sends only ids: a server without its allowlist must not start (PERSISTED_QUERIES=off aside).
    expect(() => loadPersistedQueries('/nonexistent/persisted-queries.json')).toThrow(/does not exist/);
    expect(loadPersistedQueries('/nonexistent/persisted-queries.json', 'off').size).toBe(0);
  });

  it('names the allowlist file when it is not readable JSON, so the operator knows what to fix', () => {
    const broken = allowlist({});
    fs.writeFileSync(broken, '{"abc":');
    expect(() => loadPersistedQueries(broken)).toThrow(`${broken}: not a readable JSON file`);
    fs.writeFileSync(broken, '');
    expect(() => loadPersistedQueries(broken)).toThrow(`${broken}: not a readable JSON file`);
    const directory = path.dirname(broken);
    expect(() => loadPersistedQueries(directory)).toThrow(`${directory}: not a readable JSON file`);
  });

  describe('PERSISTED_QUERIES=allow (the default)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ env: { PERSISTED_QUERIES_FILE: allowlist(ALLOWLIST) } });
    });
    afterAll(() => t.close());

    it('runs an allowlisted operation from its id (Relay sends {id, variables}), on both paths', async () => {
      for (const graphqlPath of ['/api/v1/graphql', '/graphql']) {
        const res = await post(t, { id: sha256(FLAGS), variables: {} }, graphqlPath);
        expect(res.status).toBe(200);
        expect(res.body.data.featureFlags).toEqual(expect.arrayContaining([{ key: 'registration', enabled: true }]));
      }
      const withVariables = await post(t, { id: sha256(NODE), variables: { id: 'nope' } });
      expect(withVariables.body).toMatchObject({ data: { node: null } });
    });

    it('runs an id sent with GET too', async () => {
      const res = await t
        .http()
        .get('/api/v1/graphql')
        .set('apollo-require-preflight', 'true')
        .query({ id: sha256(NODE), variables: JSON.stringify({ id: 'x' }) });
      expect(res.body.data).toEqual({ node: null });
    });

    it('answers an unknown id with PERSISTED_QUERY_NOT_FOUND', async () => {
      for (const id of [sha256('query Other { viewer { email } }'), 'not-a-hash']) {
        const res = await post(t, { id, variables: {} }).set('X-Request-ID', 'pq-missing');
        expect(res.status).toBe(400);
        expect(res.body).toEqual({
          errors: [
            {
              message: expect.any(String),
              extensions: { code: 'PERSISTED_QUERY_NOT_FOUND', status: 400, requestId: 'pq-missing' },
            },
          ],
          extensions: { meta: { requestId: 'pq-missing' } },
        });
      }
    });

    it('still runs ad-hoc queries', async () => {
      expect((await gql(t, '{ featureFlags { key } }')).errors).toBeUndefined();
    });
  });

  describe('PERSISTED_QUERIES=only', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ env: { PERSISTED_QUERIES: 'only', PERSISTED_QUERIES_FILE: allowlist(ALLOWLIST) } });
    });
    afterAll(() => t.close());

    it('runs allowlisted operations, by id or as their exact text', async () => {
      expect((await post(t, { id: sha256(FLAGS) })).body.data.featureFlags).toEqual(expect.any(Array));
      expect((await gql(t, FLAGS)).errors).toBeUndefined();
    });

    it('refuses ad-hoc queries, unknown ids and Apollo APQ hashes with PERSISTED_QUERY_NOT_FOUND', async () => {
      const adHoc = await gql(t, '{ featureFlags { key enabled } }');
      expect(adHoc.status).toBe(400);
      expect(adHoc.errors?.[0]?.extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
      const unknown = await post(t, { id: sha256('{ viewer { email } }') });
      expect(unknown.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
      const apq = await post(t, {
        extensions: { persistedQuery: { version: 1, sha256Hash: sha256('{ featureFlags { key } }') } },
      });
      expect(apq.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
      const apqRegister = await post(t, {
        query: '{ featureFlags { key } }',
        extensions: { persistedQuery: { version: 1, sha256Hash: sha256('{ featureFlags { key } }') } },
      });
      expect(apqRegister.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
      const get = await t
        .http()
        .get('/graphql')
        .set('apollo-require-preflight', 'true')
        .query({ query: '{ __typename }' });
      expect(get.status).toBe(400);
    });
  });

  describe('PERSISTED_QUERIES=off', () => {
    it('ignores ids: the operation needs its text', async () => {
      const t = await startTestApp({ env: { PERSISTED_QUERIES: 'off', PERSISTED_QUERIES_FILE: allowlist(ALLOWLIST) } });
      try {
        const res = await post(t, { id: sha256(FLAGS) });
        expect(res.status).toBe(400);
        expect(res.body.data).toBeUndefined();
      } finally {
        await t.close();
      }
    });
  });

  it('refuses a bad PERSISTED_QUERIES value at start', async () => {
    await expect(startTestApp({ env: { PERSISTED_QUERIES: 'sometimes' } })).rejects.toThrow(/PERSISTED_QUERIES/);
  });
});
