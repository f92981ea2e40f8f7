import { createLogger } from '../../src/platform/observability/logger';
import { gql } from '../support/auth';
import { LogCapture } from '../support/log-capture';
import { createPost, signUpAuthor, startPostsApp } from '../posts/posts-support';
import type { TestApp } from '../support/test-app';

let t: TestApp;
let now = Date.now();
const logger = createLogger('silent', new LogCapture());
const STATS = 'query ($slug: String!) { post(slug: $slug) { stats(days: 3) { day views visitors } } }';
const day = (offset: number) => new Date(now + offset * 24 * 3600 * 1000).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await startPostsApp({ clock: { now: () => now }, env: { RATE_LIMIT_EVENTS: '1000/1m' } });
});
afterAll(() => t.close());

const beacon = (postId: string, userAgent: string) =>
  t.http().post('/api/v1/events/').set('User-Agent', userAgent).send({ type: 'view', post_id: postId });

it('counts views and distinct visitors, folds them into PostgreSQL, and shows them to the author only', async () => {
  now = Date.now();
  const author = await signUpAuthor(t);
  const post = await createPost(t, author, { status: 'PUBLISHED' });
  for (const agent of ['reader-a', 'reader-a', 'reader-a', 'reader-b', 'reader-b']) {
    expect((await beacon(post.id, agent)).status).toBe(202);
  }
  // navigator.sendBeacon sends a string as text/plain.
  const asText = await t
    .http()
    .post('/api/v1/events/')
    .set('Content-Type', 'text/plain;charset=UTF-8')
    .set('User-Agent', 'reader-a')
    .send(JSON.stringify({ type: 'view', post_id: post.id }));
  expect(asText.status).toBe(202);

  const live = await gql(t, STATS, { slug: post.slug }, { token: author.access });
  expect(live.data).toEqual({
    post: {
      stats: [
        { day: day(-2), views: 0, visitors: 0 },
        { day: day(-1), views: 0, visitors: 0 },
        { day: day(0), views: 6, visitors: 2 },
      ],
    },
  });

  const stranger = await signUpAuthor(t);
  expect((await gql(t, STATS, { slug: post.slug }, { token: stranger.access })).data).toEqual({
    post: { stats: null },
  });
  expect((await gql(t, STATS, { slug: post.slug })).data).toEqual({ post: { stats: null } });

  expect(await t.app.services.analytics.fold(logger)).toBeGreaterThanOrEqual(1);
  await t.app.services.analytics.fold(logger);
  const postKey = Buffer.from(post.id, 'base64url').toString('utf8').split(':')[1];
  const stored = await t
    .db('post_daily_stats')
    .select('views', 'visitors')
    .where({ post_id: postKey })
    .whereRaw("to_char(day, 'YYYY-MM-DD') = ?", [day(0)]);
  expect(stored).toEqual([{ views: 6, visitors: 2 }]);

  // The next day: yesterday comes from PostgreSQL, today starts at zero.
  now += 24 * 3600 * 1000;
  const nextDay = await gql(t, STATS, { slug: post.slug }, { token: author.access });
  expect(nextDay.data).toEqual({
    post: {
      stats: [
        { day: day(-2), views: 0, visitors: 0 },
        { day: day(-1), views: 6, visitors: 2 },
        { day: day(0), views: 0, visitors: 0 },
      ],
    },
  });
});

it('accepts but does not count views of drafts and unknown posts; refuses malformed beacons', async () => {
  now = Date.now();
  const author = await signUpAuthor(t);
  const draft = await createPost(t, author, { status: 'DRAFT' });
  expect((await beacon(draft.id, 'reader')).status).toBe(202);
  expect((await gql(t, STATS, { slug: draft.slug }, { token: author.access })).data?.post).toEqual({
    stats: expect.arrayContaining([{ day: day(0), views: 0, visitors: 0 }]),
  });

  const missing = await t.http().post('/api/v1/events/').send({ type: 'view' });
  expect(missing.status).toBe(400);
  expect(missing.body.error.details).toHaveProperty('post_id');
  const wrongType = await t.http().post('/api/v1/events/').send({ type: 'view', post_id: draft.author.id });
  expect(wrongType.status).toBe(400);
  const notJson = await t.http().post('/api/v1/events/').set('Content-Type', 'text/plain').send('{nope');
  expect(notJson.status).toBe(400);
  expect(notJson.body.error.code).toBe('BAD_USER_INPUT');
});

it('limits beacons per address', async () => {
  const limited = await startPostsApp({ env: { RATE_LIMIT_EVENTS: '2/1m' } });
  try {
    const author = await signUpAuthor(limited);
    const post = await createPost(limited, author, { status: 'PUBLISHED' });
    const send = () => limited.http().post('/api/v1/events/').send({ type: 'view', post_id: post.id });
    expect((await send()).status).toBe(202);
    expect((await send()).status).toBe(202);
    const third = await send();
    expect(third.status).toBe(429);
    expect(third.headers['retry-after']).toBeDefined();
  } finally {
    await limited.close();
  }
});
