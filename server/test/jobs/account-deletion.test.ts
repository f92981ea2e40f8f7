import { createLogger } from '../../src/platform/observability/logger';
import { gql, login } from '../support/auth';
import { LogCapture } from '../support/log-capture';
import { createPost, signUpAuthor, startPostsApp } from '../posts/posts-support';
import type { TestApp } from '../support/test-app';
import { startJobs } from '../../src/jobs';

let t: TestApp;
const DELETE = 'mutation ($input: DeleteAccountInput!) { deleteAccount(input: $input) { revokedSessions purgeAfter } }';
const FEED_TITLES = '{ posts(first: 50) { edges { node { title } } } }';

beforeAll(async () => {
  t = await startPostsApp({ env: { TRASH_RETENTION: '30d' } });
});
afterAll(() => t.close());

const feedTitles = async () =>
  ((await gql<{ posts: { edges: { node: { title: string } }[] } }>(t, FEED_TITLES)).data?.posts.edges ?? []).map(
    (edge) => edge.node.title,
  );

it('deletes the account at once, and signing in within the grace period brings it back', async () => {
  const author = await signUpAuthor(t);
  await createPost(t, author, { title: 'Soon gone', status: 'PUBLISHED' });
  expect(await feedTitles()).toContain('Soon gone');

  const wrong = await gql(t, DELETE, { input: { password: 'not my password' } }, { token: author.access });
  expect(wrong.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });

  const deleted = await gql<{ deleteAccount: { revokedSessions: number; purgeAfter: string } }>(
    t,
    DELETE,
    { input: { password: author.password } },
    { token: author.access },
  );
  expect(deleted.data?.deleteAccount.revokedSessions).toBeGreaterThanOrEqual(1);
  expect(new Date(deleted.data!.deleteAccount.purgeAfter).getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
  expect((await gql(t, '{ viewer { email } }', {}, { token: author.access })).errors?.[0]?.extensions.code).toMatch(
    /SESSION_REVOKED|UNAUTHENTICATED/,
  );
  expect(await feedTitles()).not.toContain('Soon gone');

  // A wrong password does not bring it back; the right one does.
  await expect(login(t, { email: author.email, password: 'wrong password 123' })).rejects.toThrow(/401/);
  const back = await login(t, { email: author.email, password: author.password });
  expect((await gql(t, '{ viewer { email } }', {}, { token: back.access })).data).toEqual({
    viewer: { email: author.email },
  });
  expect(await feedTitles()).toContain('Soon gone');
});

it('purges an account deleted longer ago than TRASH_RETENTION, with its posts', async () => {
  const author = await signUpAuthor(t);
  await createPost(t, author, { title: 'Purged with its author', status: 'PUBLISHED' });
  const deleted = await gql(t, DELETE, { input: { password: author.password } }, { token: author.access });
  expect(deleted.errors).toBeUndefined();
  await t
    .db('users')
    .where({ id: author.key })
    .update({ deleted_at: t.db.raw("now() - interval '31 days'") });

  const logs = new LogCapture();
  const runtime = await startJobs({
    config: t.config,
    logger: createLogger('info', logs),
    db: t.db,
    services: t.app.services,
    backend: new (await import('../../src/platform/jobs/memory.backend')).MemoryBackend(createLogger('silent', logs)),
    schedule: { purgeMs: 50, sweepOutboxMs: 60_000, foldViewsMs: 60_000 },
  });
  try {
    const deadline = Date.now() + 10_000;
    while ((await t.db('users').where({ id: author.key })).length > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await runtime.stop(2_000);
  }
  expect(await t.db('users').where({ id: author.key })).toHaveLength(0);
  expect(await t.db('posts').where({ author_id: author.key })).toHaveLength(0);
  // Signing in after the purge is just a wrong email.
  await expect(login(t, { email: author.email, password: author.password })).rejects.toThrow(/401/);
});

it('does not bring back an account an operator deleted', async () => {
  const author = await signUpAuthor(t);
  await t.app.services.accounts.deleteUser(author.email);
  await expect(login(t, { email: author.email, password: author.password })).rejects.toThrow(/401/);
});
