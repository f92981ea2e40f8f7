import { hashPassword } from '../auth/password';
import type { Logger } from 'pino';
import type { UserRepository } from '../users/user.repository';
import type { PostRepository } from './post.repository';
import { excerptOf, slugify } from './post.text';

export const DEMO_AUTHOR = { email: 'demo@inkwell.local', password: 'inkwell-demo-password', displayName: 'Ada Demo' };

const TOPICS = [
  ['Why keyset pagination', 'Offsets get slower with every page and skip rows when someone posts in between.'],
  ['Refresh tokens that can really be revoked', 'Rotation, reuse detection and a session per device.'],
  ['Soft deletes without regrets', 'A trash your authors can restore from, hidden from everyone else.'],
  ['A GraphQL contract that only grows', 'Deprecate, never remove: the SDL is committed and checked.'],
  ['Request ids across every hop', 'One id from the edge to the database log line.'],
  ['DataLoader, batched per request', 'A feed page costs two statements, whatever its size.'],
  ['Feature flags at runtime', 'Flip registration off without a deploy, on every replica.'],
  ['Health checks that answer in time', 'A dead dependency is a quick 503, never a hang.'],
  ['Graceful shutdown', 'Stop accepting, drain, close connections in order, exit 0.'],
  ['Rate limits that cannot be sidestepped', 'Aliases and batches each count.'],
  ['Persisted queries for third parties', 'An allowlist of operations, and nothing else in strict mode.'],
  ['Embedded mode for trying things out', 'PGlite and an in-process store: npm start and go.'],
] as const;

/**
 * Demo content for embedded `npm start`: one author and a dozen published posts, created once.
 * Idempotent: a second start finds the author (and the posts) and does nothing.
 */
export async function seedDemoContent(deps: { users: UserRepository; posts: PostRepository; logger: Logger }) {
  const { users, posts, logger } = deps;
  let author = await users.findByEmailWithPassword(DEMO_AUTHOR.email);
  if (!author) {
    const passwordHash = await hashPassword(DEMO_AUTHOR.password);
    const created = await users.create({
      email: DEMO_AUTHOR.email,
      displayName: DEMO_AUTHOR.displayName,
      passwordHash,
    });
    author = created ? { ...created, passwordHash } : await users.findByEmailWithPassword(DEMO_AUTHOR.email);
  }
  if (!author || (await posts.countByAuthor(author.id)) > 0) return;
  // Oldest first, so the feed shows them in the listed order's reverse, like real history.
  for (const [title, lede] of TOPICS) {
    const body = `${lede}\n\nThis is demo content created on the first start in embedded mode.`;
    await posts.create({
      authorId: author.id,
      title,
      slug: slugify(title),
      body,
      // Rendered by PostService.renderStale() right after seeding (services.ts).
      rendering: { html: null, version: 0 },
      excerpt: excerptOf(body),
      status: 'published',
    });
  }
  logger.info(
    { email: DEMO_AUTHOR.email, posts: TOPICS.length },
    'demo content created (embedded mode); sign in as the demo author (password in the README) to edit it',
  );
}
