import { Router, type Request } from 'express';
import { cacheKeyOf, RESPONSE_SCOPES, type ResponseCache } from '../../platform/cache/response-cache';
import type { Config } from '../../platform/config';
import { AppError } from '../../platform/errors/app-error';
import { LoaderRegistry } from '../../platform/graphql/context';
import { MAX_PAGE_SIZE } from '../../platform/graphql/connection';
import { toGlobalId } from '../../platform/graphql/relay-id';
import { recordRouteOnError } from '../../platform/http/access-log';
import { bypassUntilCached, sendCachedEnvelope } from '../../platform/http/http-cache';
import { USER_TYPE } from '../users/user.type';
import type { UserService } from '../users/user.service';
import type { UserRecord } from '../users/user.types';
import type { PostService } from './post.service';
import { POST_TYPE } from './post.type';
import type { PostRecord } from './post.types';

/** REST response mapper: snake_case, whitelisted, the same global ids as GraphQL. */
export const restPost = (post: PostRecord, author: UserRecord | null, withBody = false) => ({
  id: toGlobalId(POST_TYPE, post.id),
  title: post.title,
  slug: post.slug,
  excerpt: post.excerpt,
  ...(withBody && { body: post.body }),
  status: post.status,
  author: author && { id: toGlobalId(USER_TYPE, author.id), display_name: author.displayName },
  published_at: post.publishedAt?.toISOString() ?? null,
  created_at: post.createdAt.toISOString(),
  updated_at: post.updatedAt.toISOString(),
});

const badInput = (field: string, message: string) =>
  new AppError('BAD_USER_INPUT', `Invalid ${field}: ${message}.`, { details: { [field]: [message] } });

/** A single query parameter as text; repeated (`?limit=1&limit=2`) or nested is refused. */
function param(req: Request, name: string): string | undefined {
  const value = (req.query as Record<string, unknown>)[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw badInput(name, 'must be given once, as text');
  return value;
}

function parseLimit(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const limit = /^\d{1,3}$/.test(text) ? Number(text) : NaN;
  if (!(limit >= 1 && limit <= MAX_PAGE_SIZE)) throw badInput('limit', `must be an integer from 1 to ${MAX_PAGE_SIZE}`);
  return limit;
}

/** REST door of posts (/api/v1/posts): the same service, ordering and cursors as `Query.posts`. */
export function postRoutes(
  posts: PostService,
  users: UserService,
  cache: ResponseCache,
  settings: Config['responseCache'],
): Router {
  const router = Router();
  router.use(bypassUntilCached);
  const cached = (key: string, scopes: string[]) => ({
    cache,
    edgeMaxAgeSeconds: settings.edgeMaxAgeSeconds,
    key: cacheKeyOf('rest', key),
    scopes,
  });

  const withAuthors = async (records: PostRecord[], withBody = false) => {
    const loaders = new LoaderRegistry();
    const authors = await Promise.all(records.map((post) => users.byId(post.authorId, loaders)));
    return records.map((post, index) => restPost(post, authors[index] ?? null, withBody));
  };

  router.get('/', async (req, res) => {
    const limit = parseLimit(param(req, 'limit'));
    const cursor = param(req, 'cursor') || undefined;
    const key = `posts?limit=${limit ?? ''}&cursor=${cursor ?? ''}`;
    await sendCachedEnvelope(req, res, cached(key, [RESPONSE_SCOPES.lists, RESPONSE_SCOPES.users]), async () => {
      const page = await posts.feed({ first: limit, after: cursor }).catch((error: unknown) => {
        // The service names GraphQL's argument; REST callers sent `cursor`.
        if (error instanceof AppError && error.code === 'BAD_USER_INPUT')
          throw badInput('cursor', 'is not a cursor of this list');
        throw error;
      });
      return {
        data: await withAuthors(page.edges.map((edge) => edge.node)),
        meta: { next_cursor: page.pageInfo.endCursor, has_next: page.pageInfo.hasNextPage },
      };
    });
  });

  router.get('/:slug', async (req, res) => {
    const slug = String(req.params.slug);
    const scopes = [RESPONSE_SCOPES.slug(slug), RESPONSE_SCOPES.users];
    await sendCachedEnvelope(req, res, cached(`posts/${slug}`, scopes), async () => {
      const post = await posts.bySlug(slug, null);
      if (!post) throw new AppError('NOT_FOUND', 'No such post.');
      const [data] = await withAuthors([post], true);
      return { data, meta: {} };
    });
  });

  router.use(recordRouteOnError);
  return router;
}
