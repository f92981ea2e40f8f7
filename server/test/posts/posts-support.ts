import { randomUUID } from 'node:crypto';
import { toGlobalId } from '../../src/platform/ids/global-id';
import { gql, signUp, type SignedIn } from '../support/auth';
import { startTestApp, type TestApp, type TestAppOptions } from '../support/test-app';

/** Auth rate limits would otherwise cap how many users one test file can sign up. */
export const GENEROUS_LIMITS = {
  RATE_LIMIT_REGISTER: '10000/1h',
  RATE_LIMIT_LOGIN: '10000/1m',
  RATE_LIMIT_LOGIN_FAILURES: '10000/15m',
};

export function startPostsApp(options: TestAppOptions = {}): Promise<TestApp> {
  return startTestApp({ ...options, env: { ...GENEROUS_LIMITS, ...options.env } });
}

export interface Author extends SignedIn {
  /** Database key (uuid) of the user. */
  key: string;
}

const keyOf = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1]!;

export async function signUpAuthor(t: TestApp): Promise<Author> {
  const user = await signUp(t);
  return { ...user, key: keyOf(user.userId) };
}

/** Promotes a user to admin and signs in again, so the new token carries the role. */
export async function signUpAdmin(t: TestApp): Promise<Author> {
  const user = await signUpAuthor(t);
  await t.db('users').where({ id: user.key }).update({ role: 'admin' });
  const res = await t.http().post('/api/v1/auth/token/').send({ email: user.email, password: user.password });
  return { ...user, access: res.body.data.access, refresh: res.body.data.refresh };
}

export const POST_FIELDS =
  'id title slug body excerpt status publishedAt deletedAt createdAt author { id displayName }';

export interface PostView {
  id: string;
  title: string;
  slug: string;
  body: string;
  excerpt: string;
  status: 'DRAFT' | 'PUBLISHED';
  publishedAt: string | null;
  deletedAt: string | null;
  createdAt: string;
  author: { id: string; displayName: string };
}

export async function createPost(
  t: TestApp,
  author: { access: string },
  input: { title?: string; body?: string; status?: 'DRAFT' | 'PUBLISHED' } = {},
): Promise<PostView> {
  const res = await gql<{ createPost: { post: PostView } }>(
    t,
    `mutation ($input: CreatePostInput!) { createPost(input: $input) { post { ${POST_FIELDS} } } }`,
    { input: { title: `Post ${randomUUID().slice(0, 8)}`, body: 'Hello **world**', ...input } },
    { token: author.access },
  );
  if (!res.data?.createPost) throw new Error(`createPost failed: ${JSON.stringify(res.errors)}`);
  return res.data.createPost.post;
}

/**
 * Inserts published posts straight into the table with chosen timestamps (arrange only), so
 * ordering and ties are exact. Returns them newest first, as the feed orders them.
 */
export async function insertPosts(
  t: TestApp,
  authorKey: string,
  timestamps: Date[],
  status: 'published' | 'draft' = 'published',
): Promise<{ key: string; id: string; at: Date }[]> {
  const rows = timestamps.map((at) => ({
    id: randomUUID(),
    author_id: authorKey,
    title: `Seeded ${at.toISOString()}`,
    slug: `seeded-${randomUUID()}`,
    body: 'seeded',
    excerpt: 'seeded',
    status,
    published_at: status === 'published' ? at : null,
    created_at: at,
    updated_at: at,
  }));
  await t.db('posts').insert(rows);
  return rows
    .map((row) => ({ key: row.id, id: toGlobalId('Post', row.id), at: row.created_at }))
    .sort((a, b) => b.at.getTime() - a.at.getTime() || (a.key < b.key ? 1 : -1));
}

export const PAGE = `edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }`;

export interface PageView {
  edges: { cursor: string; node: { id: string } }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

export const ids = (page: PageView) => page.edges.map((edge) => edge.node.id);
