import { Router } from 'express';
import { z } from 'zod';
import { cacheKeyOf, RESPONSE_SCOPES, type ResponseCache } from '../../platform/cache/response-cache';
import type { Config } from '../../platform/config';
import { AppError } from '../../platform/errors/app-error';
import { LoaderRegistry } from '../../platform/request-scope/loader-registry';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, pageSize, pageSizeProblem } from '../../platform/pagination/page';
import { toGlobalId } from '../../platform/ids/global-id';
import type { ApiDocument, RestOperation } from '../../platform/http/api-document';
import { bypassUntilCached, sendCachedEnvelope } from '../../platform/http/http-cache';
import { parseInput } from '../../platform/validation/parse-input';
import { USER_TYPE } from '../users/user.type';
import type { UserService } from '../users/user.service';
import type { PublicUserRecord } from '../users/user.record';
import type { PostService } from './post.service';
import { POST_TYPE } from './post.record';
import type { PostRecord } from './post.record';

const timestamp = z.iso.datetime({ offset: true });

/** A post as REST answers it; the OpenAPI document publishes it and `restPost` is typed by it. */
export const restPostSchema = z
  .strictObject({
    id: z.string().meta({ description: 'The global id (same as GraphQL).' }),
    title: z.string(),
    slug: z.string(),
    excerpt: z.string().meta({ description: 'Plain text from the start of the body.' }),
    body: z.string().optional().meta({ description: 'Markdown; only when one post is asked for.' }),
    status: z.enum(['draft', 'published']),
    author: z.strictObject({ id: z.string(), display_name: z.string() }).nullable(),
    published_at: timestamp.nullable(),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ id: 'Post' });

/** REST response mapper: snake_case, whitelisted, the same global ids as GraphQL. */
export const restPost = (
  post: PostRecord,
  author: PublicUserRecord | null,
  withBody = false,
): z.infer<typeof restPostSchema> => ({
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

/** A query parameter given once, as text (`?limit=1&limit=2` or `?limit[a]=1` is refused). */
const once = () => z.string({ error: 'must be given once, as text' });
const pageLimit = pageSizeProblem(1);

export const postOperations = {
  list: {
    operationId: 'listPosts',
    method: 'get',
    path: '/api/v1/posts/',
    tag: 'posts',
    summary: 'Published posts, newest first',
    description: 'Keyset-paginated: pass `meta.next_cursor` as `cursor` while `meta.has_next` is true.',
    query: z.object({
      limit: once()
        .regex(/^\d{1,3}$/, pageLimit)
        .transform(Number)
        .pipe(pageSize(1))
        .optional()
        .meta({ description: `Page size, 1-${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE}).` }),
      cursor: once().optional().meta({ description: "The previous page's `meta.next_cursor`." }),
    }),
    success: { description: 'One page of posts (without bodies).', data: z.array(restPostSchema) },
    meta: {
      next_cursor: z.string().nullable().meta({ description: 'The cursor of the next page.' }),
      has_next: z.boolean(),
    },
    errors: ['BAD_USER_INPUT', 'SERVICE_UNAVAILABLE'],
  },
  bySlug: {
    operationId: 'getPost',
    method: 'get',
    path: '/api/v1/posts/{slug}/',
    tag: 'posts',
    summary: 'One published post, with its body',
    params: z.object({ slug: z.string().meta({ description: "The post's slug." }) }),
    success: { description: 'The post.', data: restPostSchema },
    errors: ['NOT_FOUND', 'SERVICE_UNAVAILABLE'],
  },
} satisfies Record<string, RestOperation>;

/** REST door of posts (/api/v1/posts): the same service, ordering and cursors as `Query.posts`. */
export function postRoutes(
  posts: PostService,
  users: UserService,
  cache: ResponseCache,
  settings: Config['responseCache'],
  api: ApiDocument,
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
    // A page read with its authors (one statement) carries them; a post by slug does not.
    const authors = await Promise.all(records.map((post) => post.author ?? users.byId(post.authorId, loaders)));
    return records.map((post, index) => restPost(post, authors[index] ?? null, withBody));
  };

  api.add(postOperations.list);
  router.get('/', async (req, res) => {
    const query = parseInput(postOperations.list.query, req.query);
    const limit = query.limit;
    const cursor = query.cursor || undefined;
    const key = `posts?limit=${limit ?? ''}&cursor=${cursor ?? ''}`;
    await sendCachedEnvelope(req, res, cached(key, [RESPONSE_SCOPES.lists, RESPONSE_SCOPES.users]), async () => {
      const page = await posts
        .feed({ first: limit, after: cursor }, undefined, { authors: true })
        .catch((error: unknown) => {
          // The service names GraphQL's argument; REST callers sent `cursor`.
          if (error instanceof AppError && error.code === 'BAD_USER_INPUT') {
            throw new AppError('BAD_USER_INPUT', 'Invalid cursor: is not a cursor of this list.', {
              details: { cursor: ['is not a cursor of this list'] },
            });
          }
          throw error;
        });
      return {
        data: await withAuthors(page.edges.map((edge) => edge.node)),
        meta: { next_cursor: page.pageInfo.endCursor, has_next: page.pageInfo.hasNextPage },
      };
    });
  });

  api.add(postOperations.bySlug);
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

  return router;
}
