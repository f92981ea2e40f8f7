import { gql, signUp, type SignedIn } from '../support/auth';
import { fromGlobalId } from '../../src/platform/ids/global-id';
import { startTestApp, type TestApp } from '../support/test-app';

const TYPENAME = '{ __typename }';

describe('authentication costs no SQL on the common path', () => {
  let t: TestApp;
  const statements: string[] = [];
  const record = (query: { sql: string }) => statements.push(query.sql);
  beforeAll(async () => {
    t = await startTestApp();
    t.db.on('query', record);
  });
  afterAll(async () => {
    t.db.removeListener('query', record);
    await t.close();
  });

  /** The SQL the app runs while answering one authenticated `{ __typename }`. */
  async function statementsFor(me: SignedIn) {
    statements.length = 0;
    const res = await gql(t, TYPENAME, {}, { token: me.access });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ __typename: 'Query' });
    return { res, sql: [...statements] };
  }

  /** The access-log line of the request that answered with `requestId` (written as it finishes). */
  async function accessLine(requestId: string) {
    const deadline = Date.now() + 2_000;
    for (;;) {
      const line = t.logs.find((entry) => entry.request_id === requestId && entry.msg === 'request completed')[0];
      if (line || Date.now() > deadline) return line;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('when a signed-in request follows a warm-up, it runs no SQL at all and is logged with its user', async () => {
    const me = await signUp(t);
    await statementsFor(me); // warm-up

    const { res, sql } = await statementsFor(me);

    expect(sql).toEqual([]);
    const line = await accessLine(String(res.headers['x-request-id']));
    expect(line).toMatchObject({ user_id: fromGlobalId(me.userId)!.key, status_code: 200 });
  });

  it('when it is the first request after login, it reads PostgreSQL at most once', async () => {
    const me = await signUp(t);

    const first = await statementsFor(me);
    const second = await statementsFor(me);

    expect(first.sql.length).toBeLessThanOrEqual(1);
    expect(second.sql).toEqual([]);
  });

  it('when the cached user state has gone (restart, an hour idle), one read refills it and the next request is free', async () => {
    const me = await signUp(t);
    await t.store.del(`auth:state:${fromGlobalId(me.userId)!.key}`);

    const cold = await statementsFor(me);
    const warm = await statementsFor(me);

    expect(cold.sql).toHaveLength(1);
    expect(cold.sql[0]).toMatch(/from "users"/);
    expect(warm.sql).toEqual([]);
  });

  it('when many signed-in requests arrive, none of them runs SQL for auth', async () => {
    const me = await signUp(t);
    await statementsFor(me);
    statements.length = 0;

    await Promise.all(Array.from({ length: 20 }, () => gql(t, TYPENAME, {}, { token: me.access })));

    expect(statements).toEqual([]);
  });
});
